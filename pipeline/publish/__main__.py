"""python -m pipeline.publish SITE_DIR VOLUME_DIR... [--search]"""
import argparse
from pathlib import Path

from .folders import publish_folders

parser = argparse.ArgumentParser(prog="python -m pipeline.publish",
                                 description="Publish folders of per-document TEI as a static site.")
parser.add_argument("site", type=Path)
parser.add_argument("volumes", type=Path, nargs="+", help="folders of <doc id>.xml with a volume.toml")
parser.add_argument("--search", action="store_true", help="also build the Pagefind index")
parser.add_argument("--build-date")
args = parser.parse_args()
summaries = publish_folders(args.volumes, args.site, build_date=args.build_date, search=args.search)
print(f"{sum(map(len, summaries.values()))} documents → {args.site}")
