"""The use cases both front ends share: the application layer below the CLI and the web app.

Each module owns one family of use cases and is called the same way by ``upright.cli``
and ``upright.web``, which only parse input, call here and render:

- ``sessions``: start, resume and record a guided session (terminal, Session page, Live);
- ``live``: coach a set from a camera stream (frames or landmark rows in, the session's
  state out);
- ``analysis``: analyse a landmark file or a video, write its outputs, keep the result;
- ``overlay`` and ``playback``: what the web page draws over an analysed video, and a
  copy of that video for browsers that cannot play it as uploaded;
- ``logs``: import running logs;
- ``plans``: make, store and export a plan.

See ``docs/architecture.md`` for the packages, what each may import (the import-linter
contracts in ``pyproject.toml``) and which front end calls which use case.
"""
