"""Builds reuse what an earlier build made from exactly the same inputs.

One cache folder per version of the journal's code and of the settings
(plugins/common/cache.py): Pelican's content cache, the drawn charts and the
read comment store all live in it, so nothing cached by other code or other
settings is ever used. List this plugin first in PLUGINS.
"""

from pelican import signals

from plugins.common.cache import set_up


def cache_folder(pelican):
    set_up(pelican.settings)


def register():
    signals.initialized.connect(cache_folder)
