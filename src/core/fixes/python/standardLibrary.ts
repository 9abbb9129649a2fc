// Which top-level modules belong to Python's standard library, so added imports go in the section isort and
// Ruff (I001) put them in. The common modules only: an unknown module counts as third-party.
const standardModules = new Set([
  '__future__', 'abc', 'argparse', 'array', 'ast', 'asyncio', 'base64', 'bisect', 'builtins', 'calendar', 'cmath',
  'codecs', 'collections', 'concurrent', 'configparser', 'contextlib', 'contextvars', 'copy', 'csv', 'ctypes',
  'dataclasses', 'datetime', 'decimal', 'difflib', 'dis', 'email', 'enum', 'errno', 'fnmatch', 'fractions',
  'functools', 'gc', 'getpass', 'gettext', 'glob', 'gzip', 'hashlib', 'heapq', 'hmac', 'html', 'http', 'importlib',
  'inspect', 'io', 'ipaddress', 'itertools', 'json', 'keyword', 'locale', 'logging', 'lzma', 'math', 'mimetypes',
  'multiprocessing', 'numbers', 'operator', 'os', 'pathlib', 'pickle', 'platform', 'pprint', 'queue', 'random', 're',
  'secrets', 'select', 'shlex', 'shutil', 'signal', 'socket', 'sqlite3', 'ssl', 'stat', 'statistics', 'string',
  'struct', 'subprocess', 'sys', 'tempfile', 'textwrap', 'threading', 'time', 'timeit', 'tomllib', 'traceback',
  'types', 'typing', 'unicodedata', 'unittest', 'urllib', 'uuid', 'warnings', 'weakref', 'webbrowser', 'xml',
  'zipfile', 'zlib', 'zoneinfo',
]);

export function isStandardLibrary(module: string): boolean {
  return standardModules.has(module.split('.')[0]);
}
