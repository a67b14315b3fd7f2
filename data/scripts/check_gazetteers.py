#!/usr/bin/env python3
"""Checks companies.tsv, organizations.tsv and people.tsv (standard library only).

  python3 data/scripts/check_gazetteers.py

Validates every row (>= 3 fields, known kind and flags, non-empty surface of >= 2 characters,
one kind and one canonical name per id, no surface repeated for one id), prints row and entity
counts, checks that required examples are present, and lists surfaces that several entities
share across the gazetteer files (informational).
"""
from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gazlib import GAZ, check_rows, fold  # noqa: E402

FILES = ["companies.tsv", "organizations.tsv", "people.tsv"]

# (file, surface, canonical name, required flag or None)
REQUIRED = [
    ("companies.tsv", s, n, f) for s, n, f in [
        ("NVIDIA", "NVIDIA", None), ("NVIDIA Corporation", "NVIDIA", None), ("Nvidia Corp.", "NVIDIA", None),
        ("NVDA", "NVIDIA", "case"), ("MSFT", "Microsoft", "case"), ("AAPL", "Apple", "case"),
        ("TSM", "TSMC", "case"), ("AMD", "AMD", "case"), ("Advanced Micro Devices", "AMD", None),
        ("Intel", "Intel", "cap"), ("Intel Corp.", "Intel", None), ("TSMC", "TSMC", "case"),
        ("Taiwan Semiconductor Manufacturing Company", "TSMC", None),
        ("Taiwan Semiconductor Manufacturing Co.", "TSMC", None),
        ("Mistral AI", "Mistral AI", None), ("Mistral", "Mistral AI", "case"),
        ("Google", "Google", None), ("Meta", "Meta", "case"), ("Alphabet", "Alphabet", "case"),
        ("Google DeepMind", "Google DeepMind", None), ("DeepMind", "Google DeepMind", None),
        ("Scale AI", "Scale AI", None), ("Samsung Electronics", "Samsung Electronics", None),
        ("Microsoft", "Microsoft", None), ("Vantage Data Centers", "Vantage Data Centers", None),
        ("Vantage", "Vantage Data Centers", "case"), ("Apple", "Apple", "case"),
        ("Orange", "Orange", "case"), ("Total", "TotalEnergies", "case"), ("Arm", "Arm", "case"),
        ("Shell", "Shell", "case"), ("Amazon", "Amazon", "case"), ("Oracle", "Oracle", "case"),
        ("Facebook", "Facebook", None), ("华为", "Huawei", None), ("OpenAI", "OpenAI", None),
        ("Anthropic", "Anthropic", None), ("xAI", "xAI", "case"), ("Hugging Face", "Hugging Face", None),
        ("Cohere", "Cohere", "case"), ("Perplexity", "Perplexity", "case"), ("DeepSeek", "DeepSeek", None),
        ("Moonshot AI", "Moonshot AI", None), ("Zhipu", "Zhipu", None), ("ByteDance", "ByteDance", None),
        ("TikTok", "TikTok", None), ("SMIC", "SMIC", "case"), ("Hygon", "Hygon", None),
        ("Cambricon", "Cambricon", None), ("Biren", "Biren", None), ("CXMT", "CXMT", "case"),
        ("YMTC", "YMTC", "case"), ("Nscale", "Nscale", None), ("CoreWeave", "CoreWeave", None),
        ("Lambda", "Lambda", "case"), ("Equinix", "Equinix", None), ("Digital Realty", "Digital Realty", None),
        ("Kyndryl", "Kyndryl", None), ("SoftBank", "SoftBank Group", None), ("SK Hynix", "SK Hynix", None),
        ("Micron", "Micron", "case"), ("ASML", "ASML", None), ("Applied Materials", "Applied Materials", None),
        ("Lam Research", "Lam Research", None), ("Tokyo Electron", "Tokyo Electron", None),
        ("Infineon", "Infineon", None), ("STMicroelectronics", "STMicroelectronics", None),
        ("NXP", "NXP", "case"), ("GlobalFoundries", "GlobalFoundries", None), ("Broadcom", "Broadcom", None),
        ("Qualcomm", "Qualcomm", None), ("Marvell", "Marvell", None), ("Cerebras", "Cerebras", None),
        ("Groq", "Groq", None), ("SambaNova", "SambaNova", None), ("Graphcore", "Graphcore", None),
        ("Databricks", "Databricks", None), ("Snowflake", "Snowflake", None), ("Palantir", "Palantir", None),
        ("Salesforce", "Salesforce", None), ("SAP", "SAP", "case"), ("Capgemini", "Capgemini", None),
        ("Atos", "Atos", None), ("OVHcloud", "OVHcloud", None), ("EDF", "EDF", "case"), ("Engie", "Engie", None),
        ("TotalEnergies", "TotalEnergies", None), ("RTE", "RTE", "case"),
        ("Réseau de Transport d'Électricité", "RTE", None), ("Schneider Electric", "Schneider Electric", None),
        ("Siemens", "Siemens", None), ("Reuters", "Reuters", None), ("Bloomberg", "Bloomberg", None),
        ("Getty Images", "Getty Images", None), ("Bernstein", "Bernstein", None), ("Gartner", "Gartner", None),
        ("IDC", "IDC", "case"), ("McKinsey", "McKinsey", None), ("Goldman Sachs", "Goldman Sachs", None),
        ("Morgan Stanley", "Morgan Stanley", None), ("BlackRock", "BlackRock", None),
        ("Entrepreneur First", "Entrepreneur First", None), ("General Motors", "General Motors", None),
        ("WhatsApp", "WhatsApp", None), ("Instagram", "Instagram", None), ("YouTube", "YouTube", None),
        ("Counterpoint Research", "Counterpoint Research", None), ("TrendForce", "TrendForce", None),
        ("Moody's", "Moody's", None), ("S&P", "S&P Global", "case"),
    ]
] + [
    ("organizations.tsv", s, n, f) for s, n, f in [
        ("ministère de l'Économie", "Ministry of the Economy (France)", None),
        ("DGE", "Directorate General for Enterprise", "case"),
        ("Direction générale des Entreprises", "Directorate General for Enterprise", None),
        ("Bpifrance", "Bpifrance", None), ("CNIL", "CNIL", "case"), ("Arcep", "Arcep", None),
        ("ANSSI", "ANSSI", None), ("CNRS", "CNRS", "case"), ("Inria", "Inria", None), ("CEA", "CEA", "case"),
        ("Business France", "Business France", None), ("Élysée", "Élysée", None),
        ("European Commission", "European Commission", None), ("Commission européenne", "European Commission", None),
        ("Commission", "European Commission", "case"), ("European Union", "European Union", None),
        ("Union européenne", "European Union", None), ("EU", "European Union", "case"), ("UE", "European Union", "case"),
        ("European Parliament", "European Parliament", None), ("ECB", "European Central Bank", "case"),
        ("Council of the EU", "Council of the European Union", None),
        ("White House", "White House", None), ("Maison-Blanche", "White House", None),
        ("Department of Commerce", "United States Department of Commerce", None),
        ("département du Commerce", "United States Department of Commerce", None),
        ("Department of Defense", "United States Department of Defense", None),
        ("Pentagon", "United States Department of Defense", None),
        ("BIS", "Bureau of Industry and Security", "case"), ("FTC", "Federal Trade Commission", "case"),
        ("SEC", "Securities and Exchange Commission", "case"), ("Federal Reserve", "Federal Reserve", None),
        ("Fed", "Federal Reserve", "case"), ("Congress", "United States Congress", "case"),
        ("Senate", "United States Senate", "case"),
        ("ARIA", "Advanced Research and Innovation Agency", "case"),
        ("Advanced Research and Innovation Agency", "Advanced Research and Innovation Agency", None),
        ("DSIT", "Department for Science, Innovation and Technology", "case"), ("Ofcom", "Ofcom", None),
        ("CMA", "Competition and Markets Authority", "case"), ("Bank of England", "Bank of England", None),
        ("Innovation, Science and Economic Development Canada", "Innovation, Science and Economic Development Canada", None),
        ("Innovation, Sciences et Développement économique Canada", "Innovation, Science and Economic Development Canada", None),
        ("Innovation, Science et Développement économique Canada", "Innovation, Science and Economic Development Canada", None),
        ("ISED", "Innovation, Science and Economic Development Canada", "case"),
        ("ISDE", "Innovation, Science and Economic Development Canada", "case"),
        ("IMDA", "Infocomm Media Development Authority", "case"), ("EDB", "Economic Development Board", "case"),
        ("MAS", "Monetary Authority of Singapore", "case"), ("MIIT", "Ministry of Industry and Information Technology", "case"),
        ("NDRC", "National Development and Reform Commission", "case"),
        ("Cyberspace Administration of China", "Cyberspace Administration of China", None),
        ("PBOC", "People's Bank of China", "case"), ("UN", "United Nations", "case"), ("ONU", "United Nations", "case"),
        ("OECD", "OECD", "case"), ("OCDE", "OECD", "case"), ("IMF", "International Monetary Fund", "case"),
        ("FMI", "International Monetary Fund", "case"), ("World Bank", "World Bank", None),
        ("Banque mondiale", "World Bank", None), ("WTO", "World Trade Organization", "case"),
        ("OMC", "World Trade Organization", "case"), ("International Energy Agency", "International Energy Agency", None),
        ("Agence internationale de l'énergie", "International Energy Agency", None),
        ("IEA", "International Energy Agency", "case"), ("AIE", "International Energy Agency", "case"),
        ("NATO", "NATO", "case"), ("OTAN", "NATO", "case"), ("G7", "G7", "case"), ("G20", "G20", "case"),
        ("OPEC", "OPEC", "case"), ("CERN", "CERN", "case"), ("ITU", "International Telecommunication Union", "case"),
        ("WIPO", "World Intellectual Property Organization", "case"),
        ("World Economic Forum", "World Economic Forum", None), ("Forum économique mondial", "World Economic Forum", None),
        ("WEF", "World Economic Forum", "case"), ("MIT", "Massachusetts Institute of Technology", "case"),
        ("Stanford University", "Stanford University", None), ("Stanford", "Stanford University", "cap"),
        ("Harvard", "Harvard University", "cap"), ("Tsinghua", "Tsinghua University", "cap"),
        ("Peking University", "Peking University", None), ("ETH Zurich", "ETH Zurich", None), ("EPFL", "EPFL", None),
        ("Polytechnique", "École polytechnique", "cap"), ("Sorbonne", "Sorbonne University", "cap"),
        ("INRIA", "Inria", None), ("Max Planck", "Max Planck Society", None), ("Mila", "Mila", "case"),
        ("Vector Institute", "Vector Institute", None), ("Alan Turing Institute", "Alan Turing Institute", None),
        ("Associated Press", "Associated Press", None), ("AP", "Associated Press", "case"),
        ("AP News", "Associated Press", None), ("AFP", "Agence France-Presse", "case"),
        ("Agence France-Presse", "Agence France-Presse", None),
    ]
] + [
    ("people.tsv", s, n, f) for s, n, f in [
        ("Jensen Huang", "Jensen Huang", None), ("Lisa Su", "Lisa Su", None), ("Sam Altman", "Sam Altman", None),
        ("Greg Brockman", "Greg Brockman", None), ("Dario Amodei", "Dario Amodei", None),
        ("Arthur Mensch", "Arthur Mensch", None), ("Satya Nadella", "Satya Nadella", None),
        ("Sundar Pichai", "Sundar Pichai", None), ("Mark Zuckerberg", "Mark Zuckerberg", None),
        ("Elon Musk", "Elon Musk", None), ("Tim Cook", "Tim Cook", None), ("Andy Jassy", "Andy Jassy", None),
        ("Pat Gelsinger", "Pat Gelsinger", None), ("Lip-Bu Tan", "Lip-Bu Tan", None),
        ("C.C. Wei", "C. C. Wei", None), ("C. C. Wei", "C. C. Wei", None), ("CC Wei", "C. C. Wei", None),
        ("Morris Chang", "Morris Chang", None), ("Colette Kress", "Colette Kress", None),
        ("Collette Kress", "Colette Kress", None), ("Jean Hu", "Jean Hu", None),
        ("Alexandr Wang", "Alexandr Wang", None), ("Jason Droege", "Jason Droege", None),
        ("Demis Hassabis", "Demis Hassabis", None), ("Masayoshi Son", "Masayoshi Son", None),
        ("Ren Zhengfei", "Ren Zhengfei", None), ("Liang Wenfeng", "Liang Wenfeng", None),
        ("Emmanuel Macron", "Emmanuel Macron", None), ("Donald Trump", "Donald Trump", None),
        ("Joe Biden", "Joe Biden", None), ("Keir Starmer", "Keir Starmer", None), ("Xi Jinping", "Xi Jinping", None),
        ("Ursula von der Leyen", "Ursula von der Leyen", None), ("Howard Lutnick", "Howard Lutnick", None),
        ("Gina Raimondo", "Gina Raimondo", None), ("Bruno Le Maire", "Bruno Le Maire", None),
        ("Anne Le Hénanff", "Anne Le Hénanff", None), ("Clara Chappaz", "Clara Chappaz", None),
        ("Matt Clifford", "Matt Clifford", None), ("Thierry Breton", "Thierry Breton", None),
        ("Margrethe Vestager", "Margrethe Vestager", None), ("Yann LeCun", "Yann LeCun", None),
        ("Geoffrey Hinton", "Geoffrey Hinton", None), ("Yoshua Bengio", "Yoshua Bengio", None),
        ("Fei-Fei Li", "Fei-Fei Li", None), ("Andrew Ng", "Andrew Ng", None), ("Ilya Sutskever", "Ilya Sutskever", None),
        ("Trump", "Donald Trump", "cap"), ("Biden", "Joe Biden", "cap"), ("Macron", "Emmanuel Macron", "cap"),
        ("Xi", "Xi Jinping", "case"), ("Zuckerberg", "Mark Zuckerberg", "cap"), ("Musk", "Elon Musk", "cap"),
        ("Altman", "Sam Altman", "cap"), ("Nadella", "Satya Nadella", "cap"), ("Pichai", "Sundar Pichai", "cap"),
        ("Starmer", "Keir Starmer", "cap"), ("Merz", "Friedrich Merz", "cap"), ("Meloni", "Giorgia Meloni", "cap"),
        ("Modi", "Narendra Modi", "cap"), ("Putin", "Vladimir Putin", "cap"), ("Poutine", "Vladimir Putin", "cap"),
        ("Zelensky", "Volodymyr Zelensky", "cap"), ("Lutnick", "Howard Lutnick", "cap"),
    ]
]
# Bare surnames that must never be a surface of people.tsv.
FORBIDDEN_PEOPLE = {"cook", "su", "chang", "wang", "son", "li", "ng", "hu", "tan", "wei", "huang"}


def load(path: Path) -> list[list[str]]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        f = line.split("\t")
        if f[0] == "surface":
            continue
        rows.append([str(n)] + f)
    return rows


def main() -> int:
    errors: list[str] = []
    data: dict[str, list[list[str]]] = {}
    for name in FILES:
        p = GAZ / name
        if not p.exists():
            errors.append(f"{name}: missing")
            continue
        data[name] = rows = load(p)
        errors += check_rows(p, rows)
        ids = {r[4] for r in rows}
        print(f"{name}: {len(rows)} rows, {len(ids)} entities")
    for fname, surface, name, flag in REQUIRED:
        hit = [r for r in data.get(fname, []) if fold(r[1]) == fold(surface) and r[3] == name]
        if not hit:
            errors.append(f"{fname}: missing required surface {surface!r} -> {name!r}")
        elif flag and not any(flag in (r[5] if len(r) > 5 else "").split(",") for r in hit):
            errors.append(f"{fname}: {surface!r} -> {name!r} lacks flag {flag!r}")
    for r in data.get("people.tsv", []):
        if fold(r[1]) in FORBIDDEN_PEOPLE:
            errors.append(f"people.tsv:{r[0]}: forbidden bare surname {r[1]!r}")
    # Surfaces shared by several entities, within and across all gazetteer files (informational).
    owners: dict[str, set[str]] = defaultdict(set)
    for p in sorted(GAZ.glob("*.tsv")):
        for r in (data.get(p.name) or load(p)):
            if len(r) > 3:
                owners[fold(r[1])].add(f"{p.stem}:{r[3]}")
    shared = {k: v for k, v in owners.items() if len(v) > 1}
    print(f"surfaces shared by several entities: {len(shared)}")
    for k in sorted(shared):
        print(f"  {k!r}: {sorted(shared[k])}")
    for e in errors:
        print("ERROR", e)
    print(f"{len(REQUIRED)} required examples checked, {len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
