"""prepare() on wire pages: each wire's article container, the title, structure kept, page chrome dropped.

The pages are written here in the shape of each wire's markup (our own wording, invented companies)."""

from __future__ import annotations

from bot.parser.normalize import prepare

CHROME_HEAD = (
    '<meta charset="utf-8"><meta name="viewport" content="width=device-width">'
    "<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}</script>"
    "<style>.article-body p { margin: 0 0 1em; }</style>"
)
CHROME_NAV = (
    '<header class="site-header"><nav class="main-nav"><ul><li><a href="/newsroom">Newsroom</a></li>'
    '<li><a href="/search">Search releases</a></li><li><a href="/login">Sign in</a></li></ul></nav></header>'
)
CHROME_FOOTER = (
    '<footer class="site-footer"><p>Terms of use</p><p>© 2024 Newswire Inc. All rights reserved.</p></footer>'
    '<script src="/static/tracking.js"></script>'
)


def _assert_no_chrome(text: str) -> None:
    for junk in ("Newsroom", "Sign in", "Terms of use", "dataLayer", "margin: 0", "All rights reserved", "Share"):
        assert junk not in text


GLOBENEWSWIRE = f"""<!DOCTYPE html>
<html lang="en"><head>{CHROME_HEAD}
<title>Larkspur Bio Starts Phase 2 Trial of LB-201 in Gout | GlobeNewswire</title>
<meta property="og:title" content="Larkspur Bio Starts Phase 2 Trial of LB-201 in Gout" />
</head><body>{CHROME_NAV}
<div id="container-article" class="container-article">
 <div class="main-container-content">
  <div class="main-header-container">
   <h1 class="article-headline">Larkspur Bio Starts Phase 2 Trial of LB-201 in Gout</h1>
   <p><span class="article-published"><time datetime="2024-03-04">March 04, 2024 07:00 ET</time></span>
   | Source: <a href="/search/organization/Larkspur">Larkspur Bio, Inc.</a></p>
  </div>
  <div class="main-scroll-container">
   <div id="main-body-container" class="main-body-container article-body" itemprop="articleBody">
    <p>DURHAM, N.C., March 04, 2024 (GLOBE NEWSWIRE) -- Larkspur Bio, Inc. (Nasdaq: LKSP), a company
    developing oral urate-lowering drugs, today announced that the first patient has been dosed in its
    Phase 2 trial of LB-201.</p>
    <p>&#8220;Starting this trial on schedule is a milestone for our team,&#8221; said Priya Raman, Chief
    Executive Officer of Larkspur&nbsp;Bio.</p>
    <p><strong>About Larkspur Bio, Inc.</strong><br />Larkspur Bio, Inc. is a clinical-stage company based in
    Durham, North Carolina, that develops oral medicines for gout and other metabolic diseases of the joints.</p>
    <p>Contact:<br>Tomás Eriksen<br>Larkspur Bio, Inc.<br>+1 919-555-0182<br>teriksen@larkspurbio.example</p>
    <div class="social-share-buttons"><a href="#">Share on LinkedIn</a><a href="#">Share on X</a></div>
   </div>
  </div>
 </div>
</div>
<div class="related-articles"><h3>Related Links</h3><p>Other news from Durham, including a long teaser
paragraph that a generic extractor might take for article text because it is quite long indeed.</p></div>
{CHROME_FOOTER}</body></html>"""


def test_globenewswire_page() -> None:
    prepared = prepare(GLOBENEWSWIRE)
    assert prepared.source == "html:globenewswire"
    assert prepared.title == "Larkspur Bio Starts Phase 2 Trial of LB-201 in Gout"
    assert prepared.text.split("\n\n") == [
        "Larkspur Bio Starts Phase 2 Trial of LB-201 in Gout",
        "DURHAM, N.C., March 04, 2024 (GLOBE NEWSWIRE) -- Larkspur Bio, Inc. (Nasdaq: LKSP), a company developing "
        "oral urate-lowering drugs, today announced that the first patient has been dosed in its Phase 2 trial of "
        "LB-201.",
        "“Starting this trial on schedule is a milestone for our team,” said Priya Raman, Chief Executive Officer of "
        "Larkspur Bio.",
        "About Larkspur Bio, Inc.",
        "Larkspur Bio, Inc. is a clinical-stage company based in Durham, North Carolina, that develops oral medicines "
        "for gout and other metabolic diseases of the joints.",
        "Contact:\nTomás Eriksen\nLarkspur Bio, Inc.\n+1 919-555-0182\nteriksen@larkspurbio.example",
    ]
    _assert_no_chrome(prepared.text)
    assert "Related Links" not in prepared.text


PR_NEWSWIRE = f"""<!DOCTYPE html><html><head>{CHROME_HEAD}
<title>Quillon Foods Reports Fourth Quarter Results</title>
<meta property="og:title" content="Quillon Foods Reports Fourth Quarter Results">
</head><body>{CHROME_NAV}
<header class="container release-header">
 <div class="row"><div class="col-sm-8 col-vcenter"><h1>Quillon Foods Reports Fourth Quarter Results</h1>
 <p class="subtitle">Net sales up 9%; full-year outlook raised</p></div></div>
</header>
<section class="release-body container ">
 <div class="row">
  <div class="col-lg-10 col-lg-offset-1">
   <p><span class="xn-location">CHICAGO</span>, <span class="xn-chron">Feb. 8, 2024</span>
   /PRNewswire/ -- Quillon Foods Corp. (NYSE: QLF) today reported net sales of $412 million for the fourth
   quarter, an increase of 9% from the prior year.</p>
   <p><b>Fourth quarter highlights</b></p>
   <ul type="disc">
    <li>Net sales of $412 million</li>
    <li>Gross margin of 31.4%</li>
   </ul>
   <div class="table-responsive"><table class="prntbl">
    <tr><th><p>(in millions)</p></th><th><p>Q4 2023</p></th><th><p>Q4 2022</p></th></tr>
    <tr><td><p>Net sales</p></td><td><p>$412</p></td><td><p>$378</p></td></tr>
    <tr><td><p>Net income</p></td><td><p>$38</p></td><td></td></tr>
   </table></div>
   <p>SOURCE Quillon Foods Corp.</p>
  </div>
 </div>
</section>
<div class="row"><div class="col-sm-12"><div class="sharebar"><span>Share this article</span></div></div></div>
{CHROME_FOOTER}</body></html>"""


def test_pr_newswire_page_keeps_lists_and_tables_as_lines() -> None:
    prepared = prepare(PR_NEWSWIRE)
    assert prepared.source == "html:release-body"
    assert prepared.title == "Quillon Foods Reports Fourth Quarter Results"
    assert prepared.text.split("\n\n") == [
        "Quillon Foods Reports Fourth Quarter Results",
        "CHICAGO, Feb. 8, 2024 /PRNewswire/ -- Quillon Foods Corp. (NYSE: QLF) today reported net sales of $412 "
        "million for the fourth quarter, an increase of 9% from the prior year.",
        "Fourth quarter highlights",
        "Net sales of $412 million\nGross margin of 31.4%",
        "(in millions) | Q4 2023 | Q4 2022\nNet sales | $412 | $378\nNet income | $38",
        "SOURCE Quillon Foods Corp.",
    ]
    _assert_no_chrome(prepared.text)


BUSINESS_WIRE = f"""<html><head>{CHROME_HEAD}
<title>Orvelle Robotics Wins Warehouse Automation Order from Keystone Grocers | Business Wire</title></head>
<body>{CHROME_NAV}
<div class="bw-release-main">
 <header class="bw-release-header"><h1 class="epi-fontLg bwalignc"><b>Orvelle Robotics Wins Warehouse
 Automation Order from Keystone Grocers</b></h1></header>
 <div class="bw-release-timestamp"><time datetime="2024-05-21T12:30:00Z">May 21, 2024 08:30 AM Eastern</time></div>
 <div class="bw-release-story">
  <p>PITTSBURGH--(<a href="https://www.businesswire.com/">BUSINESS WIRE</a>)--Orvelle Robotics, Inc.
  (NASDAQ: ORVL) today announced an order from Keystone Grocers for 140 autonomous picking robots.</p>
  <p>&ldquo;Keystone is modernizing every distribution center it runs,&rdquo; said Dana Whitfield, Chief Operating
  Officer of Keystone Grocers.</p>
 </div>
 <div class="bw-release-contact"><h2>Contacts</h2><p>Media:<br>Carl Brenner<br>press@orvelle.example</p></div>
</div>
<div class="bw-release-sidebars"><div class="bw-sidebar">More from this company</div></div>
{CHROME_FOOTER}</body></html>"""


def test_business_wire_page_includes_the_contact_block() -> None:
    prepared = prepare(BUSINESS_WIRE)
    assert prepared.source == "html:businesswire"
    assert prepared.title == "Orvelle Robotics Wins Warehouse Automation Order from Keystone Grocers"
    assert prepared.text.split("\n\n") == [
        "Orvelle Robotics Wins Warehouse Automation Order from Keystone Grocers",
        "PITTSBURGH--(BUSINESS WIRE)--Orvelle Robotics, Inc. (NASDAQ: ORVL) today announced an order from Keystone "
        "Grocers for 140 autonomous picking robots.",
        "“Keystone is modernizing every distribution center it runs,” said Dana Whitfield, Chief Operating Officer "
        "of Keystone Grocers.",
        "Contacts",
        "Media:\nCarl Brenner\npress@orvelle.example",
    ]
    _assert_no_chrome(prepared.text)


ACCESSWIRE = """<html><head><title>Pinegate Minerals Closes Private Placement - ACCESSWIRE</title></head><body>
<div class="navbar">Home | Newsroom | Contact</div>
<div id="articlebody" class="articlebody">
 <p>RENO, NV / ACCESSWIRE / April 2, 2024 / Pinegate Minerals Inc. (OTCQB:PGMN) is pleased to announce that it has
 closed its non-brokered private placement of 4,000,000 units for gross proceeds of US$1,000,000.</p>
 <p>Pinegate Minerals Inc.<br>1200 Liberty Street<br>Reno, NV 89501</p>
</div></body></html>"""

NEWSFILE = """<html><head><title>Ridgeback Silver Intersects 412 g/t Silver at Cerro Azul</title></head><body>
<div id="release-body">
<p>Vancouver, British Columbia--(Newsfile Corp. - January 15, 2024) - Ridgeback Silver Corp. (TSXV: RBS)
(OTCQB: RBSVF) is pleased to report drill results from its Cerro Azul project in Durango, Mexico.</p>
<p>To view the source version of this press release, please visit
https://www.newsfilecorp.com/release/190001</p>
</div></body></html>"""


def test_accesswire_and_newsfile_pages_use_their_containers() -> None:
    accesswire = prepare(ACCESSWIRE)
    assert accesswire.source == "html:accesswire"
    assert accesswire.title == "Pinegate Minerals Closes Private Placement"
    assert accesswire.text.split("\n\n")[1:] == [
        "RENO, NV / ACCESSWIRE / April 2, 2024 / Pinegate Minerals Inc. (OTCQB:PGMN) is pleased to announce that it "
        "has closed its non-brokered private placement of 4,000,000 units for gross proceeds of US$1,000,000.",
        "Pinegate Minerals Inc.\n1200 Liberty Street\nReno, NV 89501",
    ]
    assert "Newsroom" not in accesswire.text
    newsfile = prepare(NEWSFILE)
    assert newsfile.source == "html:newsfile"
    assert newsfile.text.split("\n\n")[1].startswith("Vancouver, British Columbia--(Newsfile Corp. - January 15")


EDGAR_EXHIBIT = """<html><head><title>ex99-1</title></head><body style="font: 10pt Times New Roman">
<p style="margin: 0; text-align: right"><b>Exhibit 99.1</b></p>
<p style="margin: 0; text-align: center"><font style="font-size: 12pt"><b>Harwick Industrial Announces
Quarterly Dividend</b></font></p>
<p style="margin: 0">&nbsp;</p>
<p style="margin: 0; text-align: justify">CLEVELAND, Ohio, July 24, 2024 -- Harwick Industrial Corp. (NYSE: HWK)
today declared a quarterly cash dividend of $0.32 per share.</p>
<table style="width: 100%"><tr><td>Record date</td><td>&nbsp;</td><td>August 9, 2024</td></tr>
<tr><td>Payment date</td><td>&nbsp;</td><td>August 30, 2024</td></tr></table>
</body></html>"""


def test_edgar_exhibit_uses_the_whole_body() -> None:
    prepared = prepare(EDGAR_EXHIBIT)
    assert prepared.source == "html:edgar"
    assert prepared.title is None
    assert prepared.text.split("\n\n") == [
        "Harwick Industrial Announces Quarterly Dividend",
        "CLEVELAND, Ohio, July 24, 2024 -- Harwick Industrial Corp. (NYSE: HWK) today declared a quarterly cash "
        "dividend of $0.32 per share.",
        "Record date | August 9, 2024\nPayment date | August 30, 2024",
    ]


def test_edgar_submission_file_reads_the_ex99_document() -> None:
    submission = (
        "<SEC-DOCUMENT>0000950170-24-000001.txt : 20240724\n<DOCUMENT>\n<TYPE>8-K\n<SEQUENCE>1\n<TEXT>\n"
        "<html><body><p>FORM 8-K cover page</p></body></html>\n</TEXT>\n</DOCUMENT>\n"
        "<DOCUMENT>\n<TYPE>EX-99.1\n<SEQUENCE>2\n<FILENAME>ex99-1.htm\n<TEXT>\n" + EDGAR_EXHIBIT + "\n</TEXT>\n"
        "</DOCUMENT>\n</SEC-DOCUMENT>"
    )
    prepared = prepare(submission)
    assert "FORM 8-K cover page" not in prepared.text
    assert "Harwick Industrial Announces Quarterly Dividend" in prepared.text
    plain = (
        "<SEC-DOCUMENT>\n<DOCUMENT>\n<TYPE>EX-99.1\n<TEXT>\nHarwick Industrial Announces Dividend\n\n"
        "CLEVELAND, Ohio -- Harwick declared a dividend.\n<PAGE>\nRecord date August 9.\n</TEXT>\n</DOCUMENT>"
    )
    prepared = prepare(plain)
    assert prepared.source == "edgar-text"
    assert prepared.text.split("\n\n") == [
        "Harwick Industrial Announces Dividend",
        "CLEVELAND, Ohio -- Harwick declared a dividend.",
        "Record date August 9.",
    ]


def test_generic_article_element() -> None:
    page = (
        "<html><body><nav>Menu</nav><article><h1>Tallis Audio Opens Berlin Office</h1>"
        "<p>BERLIN, Germany -- Tallis Audio GmbH today opened a sales office in Berlin to serve customers in "
        "Central Europe.</p></article><aside>Popular posts</aside></body></html>"
    )
    prepared = prepare(page)
    assert prepared.source == "html:article"
    assert prepared.text.split("\n\n") == [
        "Tallis Audio Opens Berlin Office",
        "BERLIN, Germany -- Tallis Audio GmbH today opened a sales office in Berlin to serve customers in Central "
        "Europe.",
    ]


def test_page_without_a_known_container_goes_to_trafilatura() -> None:
    body = "".join(
        f"<p>Paragraph {i}: Fenwick Marine Systems reported that its new hybrid ferry propulsion unit completed sea "
        f"trials in the North Sea, meeting every target for fuel use and noise set by the operator.</p>"
        for i in range(1, 6)
    )
    page = (
        "<html><head><title>Fenwick Marine Completes Sea Trials - Company News</title></head><body>"
        f"{CHROME_NAV}<div class='content-wrap'><div class='post'>{body}</div></div>{CHROME_FOOTER}</body></html>"
    )
    prepared = prepare(page)
    assert prepared.source == "html:trafilatura"
    assert prepared.title == "Fenwick Marine Completes Sea Trials"
    out = prepared.text.split("\n\n")
    assert out[0] == "Fenwick Marine Completes Sea Trials"
    assert [p.split(":")[0] for p in out[1:]] == [f"Paragraph {i}" for i in range(1, 6)]
    _assert_no_chrome(prepared.text)


def test_title_falls_back_to_og_title_then_title_without_site_suffix() -> None:
    body = "<div class='release-body'><p>" + "Body text of the release. " * 5 + "</p></div>"
    og = prepare(f'<html><head><meta property="og:title" content="From OG | PR Newswire"></head><body>{body}</body>')
    assert og.title == "From OG"
    plain = prepare(f"<html><head><title>Only Title Here | Some Site</title></head><body>{body}</body></html>")
    assert plain.title == "Only Title Here"
    assert plain.text.startswith("Only Title Here\n\n")


def test_br_runs_make_paragraphs_and_html_bytes_use_the_declared_encoding() -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head><body>'
        "<div class='release-body'>First line<br>second line<br><br>New paragraph \x93quoted\x94 with "
        "caf\xe9 text that is long enough to be the release body of this page.</div></body></html>"
    ).encode("latin-1")
    prepared = prepare(page)
    assert prepared.text.split("\n\n") == [
        "First line\nsecond line",
        "New paragraph “quoted” with café text that is long enough to be the release body of this page.",
    ]


def test_is_html_overrides_detection() -> None:
    assert prepare("<p>Not parsed</p>", is_html=False).text == "<p>Not parsed</p>"
    assert prepare("Text first <b>then</b> markup", is_html=True).text == "Text first then markup"
    text_said_to_be_html = prepare("Headline\n\nFirst paragraph.\n\nContact:\nJane Doe", is_html=True)
    assert text_said_to_be_html.text == "Headline\n\nFirst paragraph.\n\nContact:\nJane Doe"
    assert text_said_to_be_html.source == "text"


def test_too_deeply_nested_page_is_stripped_with_a_warning() -> None:
    page = "<div>" * 5000 + "<p>Deep text</p>" + "</div>" * 5000
    prepared = prepare(page)
    assert prepared.text == "Deep text"
    assert prepared.warnings == ["HTML nested too deeply to parse; tags were stripped"]


def test_preformatted_release_is_unwrapped_like_text() -> None:
    wrapped = (
        "Harwick Industrial Announces Quarterly Dividend\n\n"
        "CLEVELAND, Ohio, July 24, 2024 -- Harwick Industrial Corp. (NYSE: HWK) today declared a quarterly\n"
        "cash dividend of $0.32 per share, payable on August 30, 2024 to shareholders of record at the close\n"
        "of business on August 9, 2024. &quot;| believe our balance sheet supports it,&quot; said the CFO.\n\n"
        "Contact:\nInvestor Relations\n(216) 555-0140\n"
    )
    page = f"<html><head><title>ex99-1.txt</title></head><body><pre>{wrapped}</pre></body></html>"
    prepared = prepare(page)
    assert prepared.text.split("\n\n") == [
        "Harwick Industrial Announces Quarterly Dividend",
        "CLEVELAND, Ohio, July 24, 2024 -- Harwick Industrial Corp. (NYSE: HWK) today declared a quarterly cash "
        "dividend of $0.32 per share, payable on August 30, 2024 to shareholders of record at the close of business "
        'on August 9, 2024. "I believe our balance sheet supports it," said the CFO.',
        "Contact:\nInvestor Relations\n(216) 555-0140",
    ]


def test_div_and_br_paragraphs_become_paragraphs() -> None:
    para = "Westbrook Labs said its new assay cut testing time in half for hospital customers in the first quarter."
    page = (
        "<html><body><div class='bw-release-story'>"
        f"<div>{para}</div><div>{para.replace('first', 'second')}</div>"
        f"<div><b>About Westbrook Labs</b><br>{para.replace('new', 'latest')}</div>"
        "<div>Media contact<br>Ana Ruiz<br>+1 555 0100</div></div></body></html>"
    )
    assert prepare(page).text.split("\n\n") == [
        para,
        para.replace("first", "second"),
        "About Westbrook Labs",
        para.replace("new", "latest"),
        "Media contact\nAna Ruiz\n+1 555 0100",
    ]


def test_repairs_in_several_pre_blocks_are_reported_once_with_the_total() -> None:
    first, second = "| believe the quarter went well for all of us.", "| think the outlook for next year is strong."
    page = (
        f"<html><body><div class='release-body'><pre>Page 2 of 3\n{first}</pre><pre>- 3 -\n{second}</pre></div>"
        "</body></html>"
    )
    prepared = prepare(page)
    assert prepared.text == f"I{first[1:]}\n\nI{second[1:]}"
    assert prepared.warnings == [
        "removed page furniture: page numbers, running headers/footers (2x)",
        "repaired OCR confusion: '| ' -> 'I ' (2x)",
    ]
