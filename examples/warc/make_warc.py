"""Write pages.warc.gz: two news article pages as a crawler would have archived them.

The archive holds, in order:
  1. a ``warcinfo`` record describing the (imaginary) crawl,
  2. a ``response`` record for a site's robots.txt (text/plain: readers should skip it),
  3. two ``response`` records for HTML article pages (HTTP/1.1 200, text/html; charset=utf-8).

WARC-Date values and WARC-Record-IDs are fixed, and warcio's gzip stream carries no
timestamp, so running this script again gives a byte-identical file.

    .venv/bin/python examples/warc/make_warc.py
"""
from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OUT = Path(__file__).with_name("pages.warc.gz")

ETHIOPIA_URL = "https://www.savannapost.example.org/africa/2022/11/02/ethiopia-tplf-pretoria-agreement"
ETHIOPIA_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Ethiopia and Tigray forces agree to permanently stop fighting | Savanna Post</title>
<meta name="author" content="Kagiso Mthembu">
<meta property="og:site_name" content="Savanna Post">
<meta property="og:type" content="article">
<meta property="og:title" content="Ethiopia and Tigray forces agree to permanently stop fighting">
<meta property="og:url" content="https://www.savannapost.example.org/africa/2022/11/02/ethiopia-tplf-pretoria-agreement">
<meta property="article:published_time" content="2022-11-02T21:15:00+02:00">
<meta property="article:section" content="Africa">
</head>
<body>
<nav class="site-nav">
  <a href="/">Home</a> <a href="/africa">Africa</a> <a href="/business">Business</a>
  <a href="/sport">Sport</a> <a href="/opinion">Opinion</a>
</nav>
<article>
  <h1>Ethiopia and Tigray forces agree to permanently stop fighting</h1>
  <p class="byline">By Kagiso Mthembu in Pretoria &middot; 2 November 2022</p>
  <p>Ethiopia's federal government and the Tigray People's Liberation Front agreed on Wednesday to a permanent cessation of hostilities, two years after war broke out in the northern Tigray region.</p>
  <p>The agreement, announced in Pretoria after more than a week of talks led by the African Union, provides for the disarmament of TPLF fighters, the restoration of federal authority in Tigray and unhindered access for humanitarian aid, the mediators said.</p>
  <p>The talks were led by former Nigerian president Olusegun Obasanjo, with former Kenyan president Uhuru Kenyatta and former South African deputy president Phumzile Mlambo-Ngcuka. Redwan Hussien signed for the government and Getachew Reda for the TPLF.</p>
  <figure>
    <img src="/images/2022/11/pretoria-signing.jpg" alt="Delegates at the signing ceremony in Pretoria">
    <figcaption>Delegates applaud after the signing ceremony in Pretoria on Wednesday. (Savanna Post / Lindiwe Dube)</figcaption>
  </figure>
  <p>Obasanjo told reporters that the signing marked the start of the peace process rather than its end,.</p>
  <p>Senior military commanders from both sides are expected to meet within days to work out how disarmament will proceed. Tigray has been largely cut off from banking, telecommunications and electricity for much of the conflict.</p>
</article>
<footer><p>&copy; 2022 Savanna Post. <a href="/privacy">Privacy</a> | <a href="/contact">Contact</a></p></footer>
</body>
</html>
"""

SANCTIONS_URL = "https://federaldeskreview.example.com/policy/2022/09/30/treasury-sanctions-annexation"
SANCTIONS_HTML = """<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="utf-8">
<title>US sanctions Russian lawmakers and central bank chief over annexation - Federal Desk Review</title>
<meta name="author" content="Graham Holloway">
<meta property="og:site_name" content="Federal Desk Review">
<meta property="og:type" content="article">
<meta property="og:title" content="US sanctions Russian lawmakers and central bank chief over annexation">
<meta property="og:url" content="https://federaldeskreview.example.com/policy/2022/09/30/treasury-sanctions-annexation">
<meta property="article:published_time" content="2022-09-30T17:45:00-04:00">
<meta property="article:section" content="Policy">
</head>
<body>
<header><div class="logo">Federal Desk Review</div>
<nav><ul><li><a href="/congress">Congress</a></li><li><a href="/white-house">White House</a></li>
<li><a href="/policy">Policy</a></li><li><a href="/courts">Courts</a></li></ul></nav></header>
<main>
<article>
  <h1>US sanctions Russian lawmakers and central bank chief over annexation</h1>
  <div class="byline">Graham Holloway | September 30, 2022, 5:45 p.m. EDT</div>
  <p>The Biden administration on Friday imposed sanctions on hundreds of Russian officials, including members of Russia's parliament and central bank governor Elvira Nabiullina, hours after President Vladimir Putin proclaimed the annexation of four Ukrainian regions.</p>
  <p>The Treasury Department also targeted relatives of members of Russia's Security Council and suppliers to the Russian military, and warned that people and institutions outside Russia that give political or economic support to the annexation could face sanctions of their own.</p>
  <p>The Commerce Department added dozens of companies to its export blacklist, and the State Department announced visa restrictions on hundreds of Russian officials, including military officers.</p>
  <figure>
    <img src="/media/2022/09/treasury-building.jpg" alt="The Treasury building in Washington">
    <figcaption>The Treasury Department building in Washington. (Federal Desk Review file photo)</figcaption>
  </figure>
  <p>Treasury Secretary Janet Yellen said Washington would not stand by while Putin tried to annex parts of Ukraine through what she called a fraudulent process.</p>
  <p>Officials said further measures could follow if Moscow escalated the war.</p>
</article>
</main>
<footer><p>Federal Desk Review &copy; 2022 &middot; <a href="/about">About</a> &middot; <a href="/terms">Terms</a></p></footer>
</body>
</html>
"""

ROBOTS_URL = "https://www.savannapost.example.org/robots.txt"
ROBOTS_TXT = "User-agent: *\nDisallow: /search\nDisallow: /account/\nSitemap: https://www.savannapost.example.org/sitemap.xml\n"

WARCINFO = (
    "software: dateline examples/warc/make_warc.py (warcio)\r\n"
    "format: WARC File Format 1.0\r\n"
    "description: Example crawl of two news article pages, written for the dateline examples\r\n"
)

# (uri, WARC-Date, WARC-Record-ID, HTTP Date header, content type, body)
RESPONSES = [
    (ROBOTS_URL, "2022-11-03T06:00:04Z", "<urn:uuid:3b0f5c52-8a1e-4d7b-9f65-0c2e7d1a4b01>",
     "Thu, 03 Nov 2022 06:00:04 GMT", "text/plain; charset=utf-8", ROBOTS_TXT),
    (ETHIOPIA_URL, "2022-11-03T06:00:07Z", "<urn:uuid:3b0f5c52-8a1e-4d7b-9f65-0c2e7d1a4b02>",
     "Thu, 03 Nov 2022 06:00:07 GMT", "text/html; charset=utf-8", ETHIOPIA_HTML),
    (SANCTIONS_URL, "2022-11-03T06:00:11Z", "<urn:uuid:3b0f5c52-8a1e-4d7b-9f65-0c2e7d1a4b03>",
     "Thu, 03 Nov 2022 06:00:11 GMT", "text/html; charset=utf-8", SANCTIONS_HTML),
]


def main() -> None:
    with open(OUT, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        info = WARCINFO.encode("utf-8")
        writer.write_record(writer.create_warc_record(
            "", "warcinfo", payload=io.BytesIO(info), length=len(info),
            warc_content_type="application/warc-fields",
            warc_headers_dict={"WARC-Date": "2022-11-03T06:00:00Z",
                               "WARC-Record-ID": "<urn:uuid:3b0f5c52-8a1e-4d7b-9f65-0c2e7d1a4b00>",
                               "WARC-Filename": OUT.name}))
        for uri, warc_date, record_id, http_date, content_type, text in RESPONSES:
            body = text.encode("utf-8")
            http_headers = StatusAndHeaders("200 OK", [
                ("Date", http_date),
                ("Server", "nginx"),
                ("Content-Type", content_type),
                ("Content-Length", str(len(body))),
            ], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=http_headers,
                warc_headers_dict={"WARC-Date": warc_date, "WARC-Record-ID": record_id}))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
