"""The words people write for the register's enumerated values, as data (hardening issue: nothing lost on import).

A spreadsheet from a community or another system says 租客 where the template says 承租人, 男性 or 1 where it
says 男, 汉 where it says 汉族. Each accepted word is mapped to the one stored value here, for forms, API and
import alike; what is still not understood is refused on a form and, on an import, left blank with a finding.
"""

from __future__ import annotations

from .models import HouseRelation, HouseUse, OrganizationCategory, PopulationType

# Words beside each choice's own label and code. Reading: the usual words of household registration and rental
# registration forms; 未知/未说明 and GB/T 2261.1's 0 and 9 say "not stated" (the ID number then decides).
SYNONYMS: dict[type, dict[str, str]] = {
    HouseRelation: {
        **dict.fromkeys(["本人", "户主本人"], HouseRelation.HEAD),
        **dict.fromkeys(["业主", "房主", "房东", "产权所有人", "所有权人", "产权人本人"], HouseRelation.OWNER),
        **dict.fromkeys(["租客", "租户", "房客", "承租", "租住", "租房", "租赁人"], HouseRelation.TENANT),
        **dict.fromkeys(["借住", "寄住", "借宿"], HouseRelation.LODGER),
        **dict.fromkeys(["妻", "妻子", "夫", "丈夫", "爱人", "夫妻"], HouseRelation.SPOUSE),
        **dict.fromkeys(["子", "女", "儿子", "女儿", "长子", "次子", "长女", "次女"], HouseRelation.CHILD),
        **dict.fromkeys(["父", "母", "父亲", "母亲"], HouseRelation.PARENT),
        **dict.fromkeys(["同住", "共同居住", "合住"], HouseRelation.COHABITANT),
        "其它": HouseRelation.OTHER,
    },
    PopulationType: {
        **dict.fromkeys(["户籍", "常住户籍人口", "户籍居民"], PopulationType.REGISTERED),
        **dict.fromkeys(["流动", "暂住人口", "外来人口", "流动人员"], PopulationType.FLOATING),
        **dict.fromkeys(["人户分离", "人户分离人员"], PopulationType.SEPARATED),
        **dict.fromkeys(["境外", "境外人口", "外籍人员", "外国人", "外籍"], PopulationType.FOREIGN),
    },
    HouseUse: {
        **dict.fromkeys(["自用", "居住", "自住房"], HouseUse.OWNER_OCCUPIED),
        **dict.fromkeys(["租赁", "出租房", "出租屋"], HouseUse.RENTED),
        **dict.fromkeys(["空房", "闲置", "空关"], HouseUse.VACANT),
        **dict.fromkeys(["商用", "商铺", "门面", "经营用房"], HouseUse.BUSINESS),
        "其它": HouseUse.OTHER,
    },
    OrganizationCategory: {
        **dict.fromkeys(["个体", "个体户"], OrganizationCategory.SHOP),
        **dict.fromkeys(["公司", "企业单位"], OrganizationCategory.ENTERPRISE),
        **dict.fromkeys(["机关", "事业单位", "机关单位"], OrganizationCategory.INSTITUTION),
        "其它": OrganizationCategory.OTHER,
    },
}

GENDER_WORDS: dict[str, str] = {
    **dict.fromkeys(["男", "男性", "1", "m", "male"], "male"),
    **dict.fromkeys(["女", "女性", "2", "f", "female"], "female"),
    **dict.fromkeys(["未知", "未说明", "0", "9"], ""),
}

# GB 3304 (民族名称代码) in code order: 01 汉族 … 56 基诺族; 97 其他, 98 外国血统中国籍人士.
ETHNICITIES = (
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 哈萨克族 "
    "傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 "
    "布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 "
    "裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族"
).split()
FOREIGN_BLOOD = "外国血统中国籍人士"
_ETHNICITY_OTHER = {"97": "其他", "其他": "其他", "其它": "其他", "98": FOREIGN_BLOOD, FOREIGN_BLOOD: FOREIGN_BLOOD}
ETHNICITY_WORDS: dict[str, str] = {
    **{name: name for name in ETHNICITIES},
    **{name.removesuffix("族"): name for name in ETHNICITIES},  # 汉 → 汉族, 维吾尔 → 维吾尔族
    **{f"{code:02d}": name for code, name in enumerate(ETHNICITIES, start=1)},
    **{str(code): name for code, name in enumerate(ETHNICITIES, start=1)},
    "蒙族": "蒙古族",
    "蒙古": "蒙古族",
    "维族": "维吾尔族",
    "哈族": "哈萨克族",
    "柯族": "柯尔克孜族",
    **_ETHNICITY_OTHER,
}


def choice_word(choices, value: str) -> str | None:
    """The stored code for one of the usual words, or None."""
    return SYNONYMS.get(choices, {}).get(value)


def ethnicity_word(value: str) -> str | None:
    """汉族 for 汉族, 汉 or 01; None when the word is not an ethnic group's name."""
    return ETHNICITY_WORDS.get(value.replace(" ", ""))


def gender_word(value: str) -> str | None:
    """ "male"/"female", "" for a value that says "not stated", None when not understood."""
    return GENDER_WORDS.get(value.strip().lower())
