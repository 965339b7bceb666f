#!/bin/sh
# Builds an ILLUSTRATIVE province tree in DIR: two commune repositories made from the
# bundled example (examples/viet-khe; the second renamed "An Sơn" and without one
# product), added to a province repository as real git submodules. The figures are the
# example's, not real data; the province's ocop.toml is written by `ocop init --kind
# province`, which takes each commune's name and code from its own ocop.toml.
# Usage: sh examples/province-demo/make.sh DIR   (`ocop` on PATH, or OCOP=/path/to/ocop)
# Then: ocop --root DIR/province status   (or check, due, report)
set -eu
dir=${1:?usage: make.sh DIR}
here=$(cd "$(dirname "$0")" && pwd)
example="$here/../viet-khe"
[ -e "$dir" ] && { echo "$dir exists; give a new folder" >&2; exit 2; }
mkdir -p "$dir/repos"
dir=$(cd "$dir" && pwd)
g() { git -c protocol.file.allow=always -c user.name=demo -c user.email=demo@example.vn -c init.defaultBranch=main "$@"; }
commune() { # folder, then an optional edit
    cp -R "$example" "$dir/repos/$1"
    (cd "$dir/repos/$1" && ${2:-true} && g init -q && g add -A && g commit -q -m "Hồ sơ OCOP của xã")
}
rename_an_son() {
    sed -i.bak -e 's/^name = "Việt Khê"/name = "An Sơn"/' -e 's/^commune_code = "11353"/commune_code = "11354"/' ocop.toml
    rm -f ocop.toml.bak products/gao-nep-cai-hoa-vang-viet-khe.toml
}
commune viet-khe
commune an-son rename_an_son
mkdir "$dir/province"
cd "$dir/province"
g init -q
g submodule add -q "$dir/repos/viet-khe" communes/viet-khe
g submodule add -q "$dir/repos/an-son" communes/an-son
${OCOP:-ocop} init --kind province --name "Thành phố Hải Phòng" --province-code 31 \
    --commune communes/viet-khe --commune communes/an-son >/dev/null
g add -A
g commit -q -m "Tỉnh: hai xã (minh họa)"
echo "$dir/province"
