"""Settings for the test suite: the project's settings with development defaults.

Only environment defaults differ (DEBUG on, so no HTTPS redirect for the test client);
DATABASE_URL and REDIS_URL still choose PostgreSQL and Redis.
"""

import os

os.environ.setdefault("DEBUG", "true")

from youth_civics.settings import *  # noqa: F403

# Real password hashing is deliberately slow; tests only need it to be correct.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
