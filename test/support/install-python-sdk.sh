#!/usr/bin/env bash
# Creates (once) the virtual environment with the real `openai` Python package (and pyflakes, for the
# real-code gate) that test/unit/fixes/semantics.test.ts runs fixed Python code with. Cached outside the clone;
# prints the interpreter's path. Fails loudly when pip cannot install the packages.
set -euo pipefail
venv="${OEG_PYTHON_SDK_VENV:-$HOME/.cache/openai-error-guard/python-sdk-venv}"
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import openai, pyflakes' 2>/dev/null; then
  echo "$venv/bin/python"
  exit 0
fi
mkdir -p "$(dirname "$venv")"
python3 -m venv "$venv" || { echo "install-python-sdk: python3 -m venv failed (is python3-venv installed?)" >&2; exit 1; }
if ! "$venv/bin/pip" install --quiet --retries 1 --timeout 30 openai pyflakes >&2; then
  echo "install-python-sdk: pip could not install openai and pyflakes into $venv" >&2
  exit 1
fi
"$venv/bin/python" -c 'import openai; print("openai", openai.__version__)' >&2
echo "$venv/bin/python"
