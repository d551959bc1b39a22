"""The WSGI application of the portal, for a production server (gunicorn in `make
portal`): CKAN's app built from the ini named by CKAN_INI, as CKAN's deployment guide
builds it for uWSGI."""

from __future__ import annotations

import os
from logging.config import fileConfig

from ckan.cli import CKANConfigLoader
from ckan.config.middleware import make_app

_ini = os.environ["CKAN_INI"]
fileConfig(_ini, disable_existing_loggers=False)
application = make_app(CKANConfigLoader(_ini).get_config())
