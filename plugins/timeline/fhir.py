"""The journal as a FHIR R4 Bundle, for clinicians whose software reads FHIR.

A ``collection`` Bundle: one Patient with no identifying data (the writer
chooses what to tell the clinic), an Observation per episode and a
MedicationStatement per derived medication period. Body site and laterality
go into a BodyStructure (``location`` and ``locationQualifier``), referenced
from the Observation with the core ``bodySite`` extension; the Observation's
own ``bodySite`` carries the words ("left ankle"). Body sites and symptoms are
sent as text: we do not guess codes. Laterality uses the SNOMED CT qualifiers
for left, right and both sides. Not recorded stays absent, never 0.
"""

import json
import uuid

SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
LATERALITY = {
    "left": ("7771000", "Left"),
    "right": ("24028007", "Right"),
    "both": ("51440002", "Right and left"),
}
BODY_SITE_EXTENSION = "http://hl7.org/fhir/StructureDefinition/bodySite"
CATEGORY = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "survey",
            "display": "Survey",
        }
    ]
}
_NAMESPACE = uuid.UUID("0b3c2f5e-7d1a-4c52-9a0e-5f1d2b7c8e41")


def _urn(*parts):
    return "urn:uuid:" + str(uuid.uuid5(_NAMESPACE, "|".join(map(str, parts))))


def _entry(full_url, resource):
    return {"fullUrl": full_url, "resource": resource}


def _quantity(value, unit, code):
    return {"value": value, "unit": unit, "system": UCUM, "code": code}


def bundle(journal, *, timestamp):
    """The Bundle as a dict; ``timestamp`` is an aware datetime."""
    patient = _urn("patient")
    entries = [_entry(patient, {"resourceType": "Patient", "active": True})]
    structures = {}
    for index, episode in enumerate(journal.episodes):
        key = (episode.site, episode.side)
        if episode.site and key not in structures:
            structures[key] = _urn("body", *key)
            entries.append(_entry(structures[key], _body_structure(key, patient)))
        entries.append(
            _entry(
                _urn("episode", index, episode.at.isoformat(), episode.site),
                _observation(episode, patient, structures.get(key)),
            )
        )
    for period in journal.periods:
        entries.append(
            _entry(
                _urn("period", period.drug, period.start, period.dose),
                _medication_statement(period, patient),
            )
        )
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": timestamp.isoformat(timespec="seconds"),
        "entry": entries,
    }


def bundle_json(journal, *, timestamp):
    return json.dumps(bundle(journal, timestamp=timestamp), indent=1) + "\n"


def _site_words(site, side):
    return f"{side} {site}" if side else site


def _body_structure(key, patient):
    site, side = key
    resource = {
        "resourceType": "BodyStructure",
        "active": True,
        "location": {"text": site},
        "patient": {"reference": patient},
        "description": _site_words(site, side),
    }
    if side in LATERALITY:
        code, display = LATERALITY[side]
        resource["locationQualifier"] = [
            {"coding": [{"system": SNOMED, "code": code, "display": display}]}
        ]
    return resource


def _observation(episode, patient, structure):
    resource = {
        "resourceType": "Observation",
        "status": "final",
        "category": [CATEGORY],
        "code": {"text": episode.symptom},
        "subject": {"reference": patient},
        "effectiveDateTime": (
            episode.at.isoformat(timespec="seconds")
            if episode.time_known
            else episode.at.date().isoformat()
        ),
    }
    if episode.site:
        resource["bodySite"] = {"text": _site_words(episode.site, episode.side)}
    if structure:
        resource["extension"] = [
            {"url": BODY_SITE_EXTENSION, "valueReference": {"reference": structure}}
        ]
    if episode.beats is not None:
        resource["valueQuantity"] = _quantity(episode.beats, "beats", "{beats}")
    components = []
    if episode.duration is not None:
        components.append(
            {
                "code": {"text": "duration"},
                "valueQuantity": _quantity(episode.duration.total_seconds(), "s", "s"),
            }
        )
    if episode.severity is not None:
        components.append(
            {
                "code": {"text": "severity, 0-10 numeric rating scale"},
                "valueQuantity": _quantity(episode.severity, "score", "{score}"),
            }
        )
    if components:
        resource["component"] = components
    notes = []
    if episode.triggers:
        notes.append({"text": "Triggers: " + ", ".join(episode.triggers)})
    if episode.note:
        notes.append({"text": episode.note})
    if notes:
        resource["note"] = notes
    return resource


def _medication_statement(period, patient):
    effective = {"start": period.start.isoformat()}
    if period.end:
        effective["end"] = period.end.isoformat()
    dosage = {"asNeededBoolean": period.as_needed}
    words = " ".join(filter(None, [period.dose, period.when]))
    if words:
        dosage["text"] = words
    return {
        "resourceType": "MedicationStatement",
        "status": "active" if period.end is None else "completed",
        "medicationCodeableConcept": {"text": period.drug},
        "subject": {"reference": patient},
        "effectivePeriod": effective,
        "dosage": [dosage],
    }
