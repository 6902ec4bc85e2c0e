import pytest

from fengqiao.identity import check_digit


def make_id(body17: str) -> str:
    return body17 + check_digit(body17)


@pytest.fixture
def write_csv(tmp_path):
    """Write rows under the resident template header; returns the file path."""

    def _write(
        rows: list[str],
        header: str = "姓名,公民身份号码,性别,出生日期,民族,联系电话,人口类型,现住地址,与房屋关系,户籍地址",
        name: str = "residents.csv",
    ):
        path = tmp_path / name
        path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
        return path

    return _write
