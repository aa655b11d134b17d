"""Open311 GeoReport v2 as existing clients use it: PyPI's `georeport` (0.3.1, used unchanged)
lists services and reads requests in JSON and XML; a scripted post → token → request round trip
with a key an admin issued on the keys page; a post missing a required attribute gets a 400
naming it."""
import requests
from georeport import GeoReport


def issue_key(as_user, name):
    admin = as_user("admin")
    page = admin.go("/admin/api-clients")
    page.fill("#name", name)
    with page.expect_navigation():
        page.click("form[action='/admin/api-clients'] button[type=submit]")
    key = page.inner_text("#issued-key").strip()
    assert key.startswith("ms311_")
    return key


def test_georeport_client_reads_services_and_requests(server, as_user):
    key = issue_key(as_user, "georeport 客户端")
    for fmt in ("json", "xml"):
        client = GeoReport(server + "/open311/v2", jurisdiction="minsheng", output_format=fmt)
        services = client.get_service_list()
        codes = [s["service_code"] for s in services]
        assert "0201" in codes and "0103" in codes, codes[:5]
        definition = client.get_service_definition("0201")
        attributes = definition["attributes"] if fmt == "json" else definition["attributes"]["attribute"]
        period = [a for a in attributes if a["code"] == "period"][0]
        assert str(period["required"]).lower() == "true"

    # A post as a client app would send it (form-encoded, key in the body), then token → request.
    posted = requests.post(server + "/open311/v2/requests.json", data={
        "api_key": key, "jurisdiction_id": "minsheng", "service_code": "0201", "attribute[period]": "night",
        "lat": "30.2741", "long": "120.1551", "description": "夜间工地施工噪声", "phone": "13700001111",
        "first_name": "小红", "last_name": "李"})
    assert posted.status_code == 200, posted.text
    first = posted.json()[0]
    number, token = first["service_request_id"], first["token"]
    by_token = requests.get(f"{server}/open311/v2/tokens/{token}.json").json()
    assert by_token[0]["service_request_id"] == number

    for fmt in ("json", "xml"):
        client = GeoReport(server + "/open311/v2", jurisdiction="minsheng", output_format=fmt)
        listed = client.get_service_requests(service_code="0201")
        listed = listed if isinstance(listed, list) else [listed]
        assert number in [r["service_request_id"] for r in listed]
        one = client.get_service_request(number)
        assert one["service_request_id"] == number and one["status"] == "open"
        assert one["requested_datetime"].endswith("+08:00")
        assert float(one["lat"]) == 30.2741
        text = str(one)
        assert "13700001111" not in text and "李小红" not in text

    # A required attribute left out: a 400 in the spec's error shape, naming it, in both formats.
    missing = requests.post(server + "/open311/v2/requests.json", data={
        "api_key": key, "service_code": "0201", "address_string": "幸福路 8 号", "description": "噪声"})
    assert missing.status_code == 400
    assert missing.json()[0]["code"] == 400 and "attribute[period]" in missing.json()[0]["description"]
    missing_xml = requests.post(server + "/open311/v2/requests.xml", data={
        "api_key": key, "service_code": "0201", "address_string": "幸福路 8 号"})
    assert missing_xml.status_code == 400 and "<error><code>400</code>" in missing_xml.text
    assert "attribute[period]" in missing_xml.text

    discovery = requests.get(server + "/open311/discovery.json").json()
    assert discovery["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
