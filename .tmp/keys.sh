# keys used in given files that the en catalogue lacks
grep -ohE "t\((['\`])[a-zA-Z]+\.[a-zA-Z0-9_.]+\1" "$@" | sed -E "s/t\(['\`]//; s/['\`]$//" | sort -u > /tmp/used.txt
npx tsx -e "import {en} from './renderer/i18n/en'; const k=new Set(Object.keys(en).map(x=>x.replace(/_(one|other)$/,''))); const used=require('fs').readFileSync('/tmp/used.txt','utf8').trim().split('\n'); console.log(used.filter(u=>!k.has(u)).join('\n'))"
