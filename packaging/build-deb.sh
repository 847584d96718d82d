#!/usr/bin/env bash
# Builds packaging/target/parley_<version>_all.deb from the tree in packaging/debian/ and the jar
# that ./mvnw package makes (app/target/parley.jar). Plain dpkg-deb, no jpackage: the package
# depends on Debian's own Java 17 runtime, which Debian's security updates keep patched, instead
# of carrying a JRE of its own that only a new Parley package could patch; and it stays one
# architecture-independent package, the jar and a few text files.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
jar="$repo/app/target/parley.jar"
if [ ! -f "$jar" ]; then
    echo "build-deb: $jar is missing; build it first (./mvnw -B package)" >&2
    exit 1
fi
# The project's version (the first <version> of the root pom); a snapshot sorts before its release.
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$repo/pom.xml" | head -n 1)"
version="${version/-SNAPSHOT/~snapshot}"

root="$here/target/root"
rm -rf "$root"
mkdir -p "$root"
cp -a "$here/debian/." "$root/"
install -D -m 0644 "$jar" "$root/usr/share/parley/parley.jar"
install -D -m 0644 "$repo/README.md" "$root/usr/share/doc/parley/README.md"
# Modes as the package wants them, whatever the checkout's umask made.
find "$root" -type d -exec chmod 0755 {} +
find "$root" -type f -exec chmod 0644 {} +
chmod 0755 "$root/usr/bin/parley" "$root/DEBIAN/postinst" "$root/DEBIAN/prerm" "$root/DEBIAN/postrm"
size="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
sed -i -e "s/@VERSION@/$version/" -e "s/@SIZE@/$size/" "$root/DEBIAN/control"

deb="$here/target/parley_${version}_all.deb"
# gzip, not dpkg-deb's default xz: the jar inside is compressed already, and xz would take a
# minute to gain a few per cent.
dpkg-deb --root-owner-group -Zgzip --build "$root" "$deb" >/dev/null
echo "$deb"
