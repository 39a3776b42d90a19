#!/bin/sh
# Builds real rpm packages from tiny specs with rpmbuild, installs them (--justdb) into a real SQLite
# rpmdb with rpm itself, then rewrites the very same header blobs as a Berkeley DB hash `Packages`
# file with db_load (db5.3-util) and, when the ndb-writer helper is given, as an NDB `Packages.db`
# written by rpm's own lib/backend/ndb/rpmpkg.c (see README.md).
# Usage: build-rpmdb.sh <outdir> [ndb-writer]
# Output: <outdir>/sqlite/rpmdb.sqlite, <outdir>/bdb/Packages, <outdir>/bdb64k/Packages, <outdir>/bdb-be/Packages,
#         <outdir>/ndb/Packages.db (optional), <outdir>/expected.tsv (rpm -qa over the sqlite db).
set -eu
out=$(realpath -m "$1"); ndbw=${2:-}
here=$(dirname "$(realpath "$0")")
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$out/sqlite" "$out/bdb" "$out/bdb64k" "$out/bdb-be"
top="$work/top"; mkdir -p "$top/SPECS"

spec() { # name epoch version release license vendor arch requires extra-install [preamble-line]
  cat > "$top/SPECS/$1.spec" <<SPEC
${10:-}
Name: $1
$( [ -n "$2" ] && echo "Epoch: $2" )
Version: $3
Release: $4
Summary: Bulwark rpmdb fixture package $1
License: $5
Vendor: $6
$( [ "$7" = noarch ] && echo "BuildArch: noarch" )
$( [ -n "$8" ] && echo "Requires: $8" )
Provides: $1-capability = $3
%description
Fixture package for the Bulwark rpm database readers.
%install
mkdir -p %{buildroot}/usr/share/$1
echo $1 > %{buildroot}/usr/share/$1/README
$9
%files
/usr/share/$1
SPEC
}

spec bulwark-alpha 2 1.2.3 4.el9 'MIT AND (Apache-2.0 OR BSD-3-Clause)' 'Bulwark Test Vendor' noarch 'bulwark-beta >= 0.9' ''
spec bulwark-beta '' 0.9 1.el9 'GPL-2.0-or-later' 'Red Hat, Inc.' noarch '' ''
spec bulwark-big '' 10.0 7.el9_2 'BSD-3-Clause' 'Bulwark Test Vendor' noarch 'bulwark-beta-capability' \
  'for i in $(seq 1 120); do touch %{buildroot}/usr/share/bulwark-big/a-rather-long-file-name-to-grow-the-header-past-many-pages-$i.txt; done'
spec bulwark-x86 0 3.1 2.el9 'LGPL-2.1-only' 'Bulwark Test Vendor' x86_64 '' ''
spec nodejs-bulwark 1 18.19.0 1.module+el9.3.0+20329+6e1f8ad5 'MIT' 'Red Hat, Inc.' noarch '' '' \
  '%global modularitylabel nodejs:18:9030020231120:rhel9'

for s in "$top"/SPECS/*.spec; do
  n=$(basename "$s" .spec)
  extra=""
  [ "$n" = bulwark-x86 ] && extra="--target x86_64"
  # shellcheck disable=SC2086
  rpmbuild -bb --quiet --define "_topdir $top" --define '_source_date_epoch_from_changelog 0' \
    --define 'source_date_epoch 1700000000' --define 'use_source_date_epoch_as_buildtime 1' $extra "$s" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
done

db="$work/db"; mkdir -p "$db"
rpm --dbpath "$db" --define '_db_backend sqlite' -i --justdb --nodeps --noscripts --ignorearch --ignoreos \
  --nosignature --nodigest "$top"/RPMS/*/*.rpm
# One package installed and then removed leaves a freed record behind, as on real systems.
rpm --dbpath "$db" --define '_db_backend sqlite' -e --justdb --nodeps --noscripts bulwark-x86
rpm --dbpath "$db" --define '_db_backend sqlite' -i --justdb --nodeps --noscripts --ignorearch --ignoreos \
  --nosignature --nodigest "$top"/RPMS/x86_64/*.rpm
# rpm --import stores a signing key as a `gpg-pubkey` pseudo-package, which scanners must skip.
if command -v gpg >/dev/null; then
  gh="$work/gnupg"; mkdir -m 700 "$gh"
  gpg --homedir "$gh" --batch --quiet --passphrase '' --quick-gen-key 'Bulwark Fixture <fixture@bulwark.invalid>' rsa2048 sign never 2>/dev/null
  gpg --homedir "$gh" --batch --armor --export > "$work/key.asc"
  rpm --dbpath "$db" --define '_db_backend sqlite' --import "$work/key.asc"
fi
# Checkpoint the WAL into the main file (rpm leaves rpmdb.sqlite-wal beside it) and copy one file.
python3 - "$db/rpmdb.sqlite" "$out/sqlite/rpmdb.sqlite" <<'PY'
import sqlite3, sys, shutil
c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA wal_checkpoint(TRUNCATE)')
# Smaller pages keep the committed fixture small; WAL mode is restored as rpm leaves it.
c.execute('PRAGMA journal_mode=DELETE'); c.execute('PRAGMA page_size=1024'); c.execute('VACUUM')
c.execute('PRAGMA journal_mode=WAL'); c.close()
shutil.copyfile(sys.argv[1], sys.argv[2])
PY

rpm --dbpath "$db" --define '_db_backend sqlite' -qa --qf \
  '%{NAME}\t%{EPOCH}\t%{VERSION}\t%{RELEASE}\t%{ARCH}\t%{SOURCERPM}\t%{LICENSE}\t%{VENDOR}\t%{MODULARITYLABEL}\n' \
  | sort > "$out/expected.tsv"

# Header blobs exactly as rpm stored them, keyed by package instance (hnum).
python3 "$here/export-blobs.py" "$out/sqlite/rpmdb.sqlite" "$work/blobs.bin" "$work/dump4k.txt" 4096
python3 "$here/export-blobs.py" "$out/sqlite/rpmdb.sqlite" "$work/blobs.bin" "$work/dump64k.txt" 65536
python3 "$here/export-blobs.py" "$out/sqlite/rpmdb.sqlite" "$work/blobs.bin" "$work/dumpbe.txt" 4096 be
rm -f "$out/bdb/Packages" "$out/bdb64k/Packages" "$out/bdb-be/Packages"
db5.3_load -f "$work/dump4k.txt" "$out/bdb/Packages"
db5.3_load -f "$work/dump64k.txt" "$out/bdb64k/Packages"
db5.3_load -f "$work/dumpbe.txt" "$out/bdb-be/Packages"
if [ -n "$ndbw" ]; then
  mkdir -p "$out/ndb"; rm -f "$out/ndb/Packages.db"
  # Instance 1 is deleted afterwards: real NDB files carry freed slots and blob holes.
  "$ndbw" "$out/ndb/Packages.db" 1 < "$work/blobs.bin"
fi
