"""The ``jobposting`` source and ``import_page`` against HTML pages served on 127.0.0.1.

Fixture pages embed schema.org JobPosting JSON-LD the ways real sites do: a single object
(odd attribute order, escaped-HTML description), a list next to an Organization, an
``@graph`` inside an HTML comment with an upper-case script tag, ``@type`` as a list
under ``mainEntity`` behind an invalid block and a CDATA wrapper, a Japanese agent's page,
a page whose only block is broken JSON and a page with no JobPosting at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.http_server import LocalServer
from tui.errors import SourceError
from tui.sources.base import SourceSpec
from tui.sources.http import fetch_once
from tui.sources.jobposting import JobPostingSource, engagement_of, import_page

FIXTURES = Path(__file__).parent / "fixtures" / "jobposting"
PAGES = ["single", "list", "graph", "type_list", "japanese_agent", "broken", "none"]


def serve(server: LocalServer) -> None:
    for page in PAGES:
        server.route(
            f"/jobs/{page}", body=(FIXTURES / f"{page}.html").read_bytes(),
            content_type="text/html; charset=utf-8",
        )


async def run(urls: list[str], progress: list[str] | None = None) -> list[dict]:
    source = JobPostingSource(SourceSpec(name="pages", type="jobposting", urls=tuple(urls)))
    return await fetch_once(
        source, progress=progress.append if progress is not None else None, max_retries=0
    )


async def fetch_page(page: str) -> tuple[str, list[dict]]:
    with LocalServer() as server:
        serve(server)
        url = f"{server.url}/jobs/{page}"
        return url, await run([url])


async def test_single_object_page():
    url, records = await fetch_page("single")
    assert len(records) == 1
    rec = records[0]
    assert rec["id"] == "QF-2026-117"  # identifier.value
    assert rec["url"] == url
    assert rec["title"] == "Senior ML Engineer & MLOps"  # entity decoded
    assert rec["client"] == "Quillfeather Labs"
    assert rec["description_html"].startswith("<p>Own our <b>PyTorch</b>")  # &lt;p&gt; unescaped
    assert rec["posted_at"] == "2026-11-20T00:00:00Z"
    assert rec["engagement"] == ["contract"]
    assert rec["remote"] == "full"  # TELECOMMUTE
    assert rec["location"] == "USA"  # applicantLocationRequirements when no jobLocation
    assert rec["rate"] == {"min": 90, "max": 120, "currency": "USD", "period": "hour",
                           "raw": "90 - 120 USD/hour", "parsed": False}
    assert rec["skills"] == ["Python", "PyTorch", "Kubernetes"]
    assert "validThrough" not in rec and "valid_through" not in rec


async def test_list_page_yields_every_posting_with_its_own_url():
    url, records = await fetch_page("list")
    base = url.rsplit("/jobs/", 1)[0]
    assert [r["title"] for r in records] == ["Data Scientist (part-time)", "MLOps Engineer"]
    ds, mlops = records
    assert ds["url"] == ds["id"] == base + "/careers/data-scientist"  # relative url resolved
    assert ds["engagement"] == ["part_time", "contract"]
    assert ds["location"] == "Berlin, DE"  # locality and region the same: said once
    assert ds["posted_at"] == "2026-11-18T00:30:00Z"
    assert ds["rate"]["min"] == ds["rate"]["max"] == 650
    assert (ds["rate"]["currency"], ds["rate"]["period"]) == ("EUR", "day")
    assert "remote" not in ds
    assert mlops["url"] == "https://nimbus.example/careers/mlops"
    assert mlops["client"] == "Nimbus Analytics"  # organization given as plain text
    assert mlops["engagement"] == ["full_time", "temporary"]  # "FULL_TIME, TEMPORARY"
    assert mlops["location"] == "Munich, DE / Vienna, AT"
    assert "rate" not in mlops


async def test_graph_page_inside_html_comment():
    url, records = await fetch_page("graph")
    assert len(records) == 1  # the WebPage and Organization nodes are not postings
    rec = records[0]
    assert rec["id"] == "orb-cv-7"
    assert rec["url"] == url
    assert rec["client"] == "Orbital Data"
    assert rec["engagement"] == ["temporary"]
    assert rec["location"] == "Lisbon, Portugal"
    assert "\n" in rec["description_html"]  # a raw newline inside a JSON string is tolerated
    # swapped bounds put in order, currency upper-cased
    assert (rec["rate"]["min"], rec["rate"]["max"], rec["rate"]["currency"]) == (9000, 12000, "USD")
    assert rec["rate"]["period"] == "month"


async def test_type_list_under_main_entity_behind_an_invalid_block():
    url, records = await fetch_page("type_list")
    assert len(records) == 1
    rec = records[0]
    assert rec["title"] == "Freelance NLP Engineer"
    assert rec["id"] == "4411"
    assert rec["engagement"] == ["contract"]  # VOLUNTEER has no engagement
    assert rec["remote"] == "full"
    assert rec["posted_at"] == "2026-11-22T08:00:00Z"  # zone-less taken as UTC
    assert (rec["rate"]["min"], rec["rate"]["max"], rec["rate"]["period"]) == (70, None, "hour")


async def test_japanese_agent_page():
    url, records = await fetch_page("japanese_agent")
    rec = records[0]
    assert rec["title"] == "機械学習エンジニア（LLM）"
    assert rec["client"] == "株式会社サンプルAI"
    assert rec["id"] == "JP-ML-0042"
    assert rec["url"] == url
    assert rec["rate"] == {"min": 800000, "max": 1000000, "currency": "JPY", "period": "month",
                           "raw": "800000 - 1000000 JPY/month", "parsed": False}
    assert "週4日" in rec["description_html"] and "準委任" in rec["description_html"]
    assert rec["location"] == "渋谷区, 東京都, JP"
    assert rec["posted_at"] == "2026-11-24T01:00:00Z"
    assert rec["engagement"] == ["contract"]
    assert rec["language"] == "ja"


async def test_one_failing_page_does_not_lose_the_others():
    progress: list[str] = []
    with LocalServer() as server:
        serve(server)
        urls = [f"{server.url}/jobs/gone", f"{server.url}/jobs/single",
                f"{server.url}/jobs/none", f"{server.url}/jobs/japanese_agent"]
        records = await run(urls, progress)
    assert [r["id"] for r in records] == ["QF-2026-117", "JP-ML-0042"]
    failures = [m for m in progress if m.startswith(urls[0]) or m.startswith(urls[2])]
    assert any(m.startswith(urls[0]) and "404" in m for m in failures)
    assert any(m.startswith(urls[2]) and "no schema.org JobPosting found" in m for m in failures)


async def test_all_pages_failing_raises_naming_each_url_and_fault():
    with LocalServer() as server:
        serve(server)
        urls = [f"{server.url}/jobs/gone", f"{server.url}/jobs/broken", f"{server.url}/jobs/none"]
        with pytest.raises(SourceError) as err:
            await run(urls)
    problem = err.value.problem
    assert err.value.source == "pages"
    for url in urls:
        assert url in problem
    assert "404" in problem
    assert "not valid JSON" in problem  # the broken page says why
    assert problem.count("no schema.org JobPosting found") == 2


def test_urls_are_required():
    with pytest.raises(SourceError) as err:
        JobPostingSource(SourceSpec(name="pages", type="jobposting"))
    assert "urls" in err.value.problem


async def test_import_page_returns_the_postings():
    with LocalServer() as server:
        serve(server)
        records = await import_page(f"{server.url}/jobs/japanese_agent", timeout=5)
    assert [r["title"] for r in records] == ["機械学習エンジニア（LLM）"]


@pytest.mark.parametrize("page", ["none", "broken"])
async def test_import_page_without_jobposting(page):
    with LocalServer() as server:
        serve(server)
        url = f"{server.url}/jobs/{page}"
        with pytest.raises(SourceError) as err:
            await import_page(url, timeout=5)
    assert err.value.source == "jobposting"
    assert err.value.problem == f"no schema.org JobPosting found at {url}"


async def test_import_page_unreachable_names_the_fault():
    with LocalServer() as server:
        url = f"{server.url}/jobs/gone"
        with pytest.raises(SourceError) as err:
            await import_page(url, timeout=5)
    assert err.value.source == "jobposting"
    assert "404" in err.value.problem and url in err.value.problem


@pytest.mark.parametrize(
    ("value", "expected"),
    [("CONTRACTOR", ["contract"]), (["PART_TIME", "INTERN"], ["part_time", "internship"]),
     ("full-time", ["full_time"]), ("FULL_TIME, TEMPORARY", ["full_time", "temporary"]),
     ("OTHER", []), (42, []), (None, [])],
)
def test_engagement_of(value, expected):
    assert engagement_of(value) == expected


from hypothesis import given, settings, strategies as st  # noqa: E402

from tui.sources.jobposting import records_from_page  # noqa: E402

_LD = '<script type="application/ld+json">'


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([
    _LD, "</script>", "<!--", "-->", "<![CDATA[", "]]>", '{"@type": "JobPosting"', "}", "]",
    '"title": 5,', '"baseSalary": {"value": {"minValue": "x"}}', '"jobLocation": [1, null]',
    '"employmentType": {}', '"@graph": [', ",", '"hiringOrganization": []', "<p>", "\x00",
]), max_size=30).map("".join))
def test_untrusted_pages_never_raise(page):
    records, problems = records_from_page(page, "http://example.org/job")
    for rec in records:
        assert rec["title"] and rec["url"].startswith("http://example.org/")
