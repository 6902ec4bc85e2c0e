"""Messages of the registry, as constants: forms, API, importer and tests share them."""

from fengqiao.names import NAME_REQUIRED  # noqa: F401  (person names are checked in fengqiao.names)

ID_OR_PASSPORT_REQUIRED = "公民身份号码不能为空（境外人员填写护照号码）"
ID_BAD_FORMAT = "公民身份号码应为18位（末位可为X）或15位数字，请核对"
ID_TAKEN = "公民身份号码“{masked}”已登记为“{name}”，请勿重复登记"
GENDER_INVALID = "性别只能填“男”或“女”"
BIRTH_DATE_INVALID = "出生日期格式应为 YYYY-MM-DD（如 1980-01-31）"
BIRTH_DATE_IMPOSSIBLE = "出生日期“{value}”不存在（该月没有这一天），请核对"
ID_EXCEL_NUMBER = (
    "公民身份号码被表格软件存成了数字（{shown}）：数字只保留前15位，后几位已经丢失，无法还原。"
    "请把该列设为“文本”格式后重新录入号码"
)
ETHNICITY_INVALID = "民族应为56个民族之一（如“汉族”“回族”），或“其他”“外国血统中国籍人士”"
POPULATION_TYPE_INVALID = "人口类型只能是：{choices}"
POPULATION_TYPE_REQUIRED = "人口类型不能为空"
HOUSE_RELATION_INVALID = "与房屋关系只能是：{choices}"
PHONE_INVALID = "联系电话格式不正确：手机号为11位数字，座机可含区号和“-”"
ADDRESS_OUT_OF_SCOPE = "地址所在社区“{community}”不在您的管辖范围内"
UNIT_OUT_OF_SCOPE = "所选警务区不在您的管辖范围内"
USCC_INVALID = "统一社会信用代码有误（18位，校验码须正确），请核对"
USCC_TAKEN = "统一社会信用代码已登记为“{name}”"
ORG_NAME_REQUIRED = "单位名称不能为空"
CATEGORY_INVALID = "单位类别只能是：{choices}"
HOUSE_USE_INVALID = "房屋用途只能是：{choices}"
ADDRESS_REQUIRED = "地址不能为空"
ADDRESS_UNREADABLE = "无法识别的地址：须含街路巷（或村、组）和门牌号"
COLUMN_COUNT = "本行有 {found} 列，模板为 {expected} 列（可能是地址中含未加引号的逗号）"
EXTRA_CELL = "第{column}列在模板（{expected}列）之外，却填有“{value}”：CSV 中多为地址含未加引号的逗号，请核对本行"
HEADER_MISMATCH = "表头与模板不一致，应为：{headers}。请下载导入模板，按模板的列填写"
FILE_UNDECODABLE = "无法识别文件的文字编码：请另存为 UTF-8 或 GB18030（GBK）编码的 CSV，或 Excel 的 .xlsx 文件"
FILE_UNREADABLE = "无法读取该 Excel 文件：文件可能已损坏，或并非 .xlsx 格式"
FILE_OLD_EXCEL = "不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 CSV 后再导入"
OUTCOME_REQUIRED = "请填写核查结果"
MERGE_SELF = "不能与自己合并"
ADDRESS_AMBIGUOUS = (
    "您的管辖范围内有多个“{community}”（{places}），请在地址中写明所属街道（乡镇），或由所属派出所、警务区导入"
)
