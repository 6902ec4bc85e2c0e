# Shared steps of scripts/demo and scripts/test. Sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m错误：\033[0m%s\n' "$*" >&2; exit 1; }

python_bin() {
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      echo "$candidate"; return
    fi
  done
  die "需要 Python 3.11（python3.11 或 python3）。"
}

# Create .venv and install the project with the given extras; skipped when pyproject.toml is unchanged.
ensure_venv() {
  local extras="${1:-}"
  local spec="$ROOT"; [ -n "$extras" ] && spec="$ROOT[$extras]"
  [ -x "$VENV/bin/python" ] || { say "创建虚拟环境 .venv"; "$(python_bin)" -m venv "$VENV"; }
  local stamp="$VENV/.installed-${extras:-base}"
  local want; want="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "安装 Python 依赖（pyproject.toml 中固定版本）"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip 2>/dev/null || true
    "$VENV/bin/python" -m pip install --quiet -e "$spec"
    echo "$want" > "$stamp"
  fi
  export PATH="$VENV/bin:$PATH"
}

# Debian packages: chromium for the browser tests, fonts-noto-cjk so pages and PDFs show Chinese, pango (and
# harfbuzz's subsetter) for WeasyPrint's PDFs.
ensure_debian_packages() {
  local missing=()
  for pkg in "$@"; do dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "缺少 Debian 软件包：${missing[*]}；请以 root 运行或先安装 sudo。"
    sudo="sudo"
  fi
  say "安装 Debian 软件包：${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The test suite runs on PostgreSQL at 127.0.0.1:5432 (trust auth, user postgres). Start it if it is down.
ensure_postgres() {
  local host="${PGHOST:-127.0.0.1}" port="${PGPORT:-5432}"
  if ! pg_isready -q -h "$host" -p "$port" 2>/dev/null; then
    say "PostgreSQL 未运行，尝试启动"
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
      for version in /etc/postgresql/*; do
        pg_ctlcluster --skip-systemctl-redirect "$(basename "$version")" main start 2>/dev/null || true
      done
    fi
    for _ in $(seq 1 30); do pg_isready -q -h "$host" -p "$port" 2>/dev/null && break; sleep 1; done
    pg_isready -q -h "$host" -p "$port" 2>/dev/null || die "PostgreSQL 在 $host:$port 上没有响应，且无法自动启动。测试必须在 PostgreSQL 上运行：请启动数据库（pg_ctlcluster <版本> main start）后重试。"
  fi
}
