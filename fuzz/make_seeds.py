#!/usr/bin/env python3
"""Writes the committed seed corpora under fuzz/seeds/: short slices of ../seeds/*.txt (paragraphs
holding a digit or a Chinese numeral, cut to at most 300 bytes on a char boundary) and hand-written
tricky forms. The corpus target gets the same texts in every encoding the loader reads.
Run from fuzz/: python3 make_seeds.py"""
import glob, hashlib, os, re

NUMERAL = re.compile(r"[0-9０-９一二三四五六七八九十百千万亿两零〇]")
TRICKY = [
    "千万亿亿亿分之一",
    "99999999999999999999999999999亿亿元",
    "1万(含)-5万元",
    "十八至三十万日元", "一百二十到一百五十万元", "10~15k元", "2——3万港币", "增加1.4万至24.9万人",
    "港币两千九百六十元", "新台币 177.1 亿元", "人民币3.14", "十块三毛", "一百三十五块六角七分钱",
    "3.04块以上", "两个亿卢布", "数十亿元", "几十万块", "上百万",
    "收复18000点", "下降25个基点", "34美分", "2536美元/盎司", "401.5美分/蒲式耳",
    "连续5日", "8月1-18日", "四分之一公升", "三斤半", "一个半小时", "卅", "廿三", "壹个", "两小时十分",
    "一萬億圓", "兩公裏", "高达3.5%", "约合120亿美元", "10万元及以上", "第1号", "2.0版",
    "-0.000000000000000000000000001%", "1e308亿", "９９９９亿亿亿亿亿", "百分之百分之百",
    "十十十十十十", "亿亿亿亿亿亿亿亿亿亿元", "0.5万万万万万", "1,234,567,890,123,456,789,012,345元",
    "一九九九年十二月三十一日", "2026年13月45日", "同比增长-12.5个百分点", "约-3~+5℃",
]

def slices(text, per_file=8, limit=300):
    out = []
    for para in text.split("\n"):
        para = para.strip()
        if not NUMERAL.search(para):
            continue
        b = para.encode("utf-8")[:limit].decode("utf-8", "ignore")
        out.append(b)
        if len(out) == per_file:
            break
    return out

texts = []
for path in sorted(glob.glob("../seeds/*.txt")):
    with open(path, encoding="utf-8-sig") as f:
        texts += slices(f.read())
texts += TRICKY

def write(target, data):
    d = os.path.join("seeds", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()[:16]), "wb") as f:
        f.write(data)

for t in texts:
    write("extract", t.encode("utf-8"))
for t in texts[:: max(1, len(texts) // 16)]:
    write("corpus", t.encode("utf-8"))
    write("corpus", b"\xef\xbb\xbf" + t.encode("utf-8"))
    write("corpus", b"\xff\xfe" + t.encode("utf-16-le"))
    write("corpus", b"\xfe\xff" + t.encode("utf-16-be"))
    write("corpus", t.encode("gb18030"))
    write("corpus", t.encode("big5", "replace"))
    write("corpus", t.encode("utf-16-le"))  # no BOM: NUL bytes, refused as binary
write("corpus", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
write("corpus", b"\xef\xbb\xbf\xef\xbb\xbf\xe4\xb8\x87")
write("corpus", b"\xff\xfe\x00\xd8")  # lone surrogate after a BOM
write("corpus", b"\xd6\xd0\xb9\xfa\x81")  # GB18030 cut in the middle of a char

# The dictionary: libFuzzer splices these whole tokens in, so multi-byte numerals, multipliers,
# units and range words meet each other far more often than byte mutations would make them.
TOKENS = list("零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟萬億兩廿卅点點半负正第余多几数近约超") + [
    "分之", "百分之", "千分之", "个百分点", "百分点", "基点", "点", "倍", "成", "折", "%", "‰", "％",
    "元", "万元", "亿元", "美元", "日元", "港币", "港元", "新台币", "人民币", "块", "毛", "角", "分", "钱", "美分",
    "¥", "$", "US$", "HK$", "€", "£", "k", "K", "w", "e", "E",
    "至", "到", "~", "～", "-", "—", "——", "－", "−", "+", "(含)", "以上", "以下", "左右", "上下", "及以上",
    "年", "月", "日", "号", "时", "分钟", "小时", "天", "周", "季度", "上半年", "今年", "去年", "同比", "环比",
    "增长", "下降", "增加", "减少", "达到", "高达", "约合", "预计", "连续", "近", "公里", "公裏", "公升", "斤",
    "吨", "平方米", "个", "人", "家", "项", "次", "盎司", "/", "每", "。", "，", "；", "\n", "\r\n", " ",
    "1", "0", ".", ",", "12", "99999999999999999999999999999", "0.000000000000000000000000001",
    "79228162514264337593543950335", "１", "９", "．",
]

def dict_entry(token):
    return '"' + "".join("\\x%02x" % b for b in token.encode("utf-8")) + '"'

with open("extract.dict", "w") as f:
    f.write("# Made by make_seeds.py: numerals, multipliers, units and range words as UTF-8 tokens.\n")
    for t in dict.fromkeys(TOKENS):
        f.write(dict_entry(t) + "\n")
