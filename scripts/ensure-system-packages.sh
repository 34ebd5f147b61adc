#!/usr/bin/env bash
# The tests need two Debian packages: chromium (browser tests drive /usr/bin/chromium, never a
# browser downloaded by Playwright) and libvulkan1 (WebGPU on SwiftShader, in Chromium and in
# Node through Dawn). Installs what is missing when we are root; otherwise says what to do.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1' || missing+=(libvulkan1)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
	echo "Installing Debian packages for the tests: ${missing[*]}…"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
	exit 0
fi
echo "The tests need Debian's packages: ${missing[*]}. Run 'sudo apt-get install -y ${missing[*]}'." >&2
exit 1
