# Sourced by setup.sh and run.sh.
# Started by `npm run test:e2e`, this script inherits the outer npm's environment (npm_config_*,
# npm_node_execpath, npm_execpath, NODE, INIT_CWD, node_modules/.bin on PATH: all of Node 20). Those
# would reach code-server's install scripts under Node 24 ("code-server currently requires node v24 …
# on node v20"). Drop them, keeping only where packages come from.
for v in $(compgen -e); do
  case "${v,,}" in
    npm_config_registry|npm_config_cache|npm_config_userconfig|npm_config_globalconfig) ;;
    npm_*|node|init_cwd|node_options|node_path) unset "$v" ;;
  esac
done
PATH="$(printf '%s' "$PATH" | tr ':' '\n' | grep -v -e '/node_modules/\.bin$' -e '/node-gyp-bin$' | paste -sd: -)"
export PATH
