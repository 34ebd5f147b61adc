#!/usr/bin/env bash
# The tests need Debian packages: chromium (browser tests drive /usr/bin/chromium, never a
# browser downloaded by Playwright), libvulkan1 (WebGPU on SwiftShader, in Chromium and in
# Node through Dawn) and python3-distributed (Dask's scheduler and workers, for the live test of
# `descent export dask`, run by /usr/bin/python3) and python3-jinja2 (the Airflow tests render
# each task's templated command as Airflow does). Installs what is missing when we are root;
# otherwise says what to do.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1' || missing+=(libvulkan1)
/usr/bin/python3 -c 'import distributed' 2>/dev/null || missing+=(python3-distributed)
/usr/bin/python3 -c 'import jinja2' 2>/dev/null || missing+=(python3-jinja2)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
	echo "Installing Debian packages for the tests: ${missing[*]}…"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
	exit 0
fi
echo "The tests need Debian's packages: ${missing[*]}. Run 'sudo apt-get install -y ${missing[*]}'." >&2
exit 1
