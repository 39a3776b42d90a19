/** Package names for bench/match.ts: common Debian source packages and popular language packages. */
export const DEB_SOURCES = ['openssl', 'glibc', 'curl', 'systemd', 'zlib', 'expat', 'libxml2', 'sqlite3', 'openssh', 'git', 'tar',
  'gnutls28', 'krb5', 'libx11', 'nss', 'python3.9', 'perl', 'sudo', 'xz-utils', 'e2fsprogs', 'ncurses', 'pcre2', 'apache2', 'nginx',
  'bind9', 'php7.4', 'postgresql-13', 'mariadb-10.5', 'linux', 'firefox-esr', 'thunderbird', 'chromium', 'ghostscript', 'imagemagick',
  'tiff', 'libpng1.6', 'openjdk-11', 'openjdk-17', 'webkit2gtk', 'samba', 'squid', 'exim4', 'dbus', 'polkit-policykit-1', 'shadow',
  'util-linux', 'bash', 'coreutils', 'dpkg', 'apt', 'gzip', 'libgcrypt20', 'gnupg2', 'libssh2', 'nghttp2', 'libwebp', 'freetype',
  'fontconfig', 'cairo', 'pixman', 'harfbuzz', 'libjpeg-turbo', 'giflib', 'libsndfile', 'ffmpeg', 'vlc', 'gst-plugins-base1.0',
  'ruby2.7', 'nodejs', 'golang-1.15', 'rust', 'libtasn1-6', 'p11-kit', 'ca-certificates', 'wget', 'rsync', 'unzip', 'zip', 'bzip2'];
export const PYPI = ['django', 'flask', 'requests', 'urllib3', 'jinja2', 'pillow', 'numpy', 'pyyaml', 'cryptography', 'werkzeug',
  'sqlalchemy', 'lxml', 'tensorflow', 'ansible', 'salt', 'paramiko', 'twisted', 'tornado', 'aiohttp', 'babel'];
export const GO = ['stdlib', 'golang.org/x/net', 'golang.org/x/crypto', 'github.com/gin-gonic/gin', 'golang.org/x/text',
  'google.golang.org/grpc', 'github.com/docker/docker', 'k8s.io/kubernetes', 'github.com/containerd/containerd', 'github.com/opencontainers/runc'];
export const NPM = ['lodash', 'minimist', 'express', 'handlebars', 'marked', 'moment', 'jquery', 'ws', 'qs', 'tar', 'node-fetch', 'axios'];
