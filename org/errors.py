"""Messages for org validation: constants, so tests assert the exact text users see."""

PARENT_KIND_NOT_ALLOWED = "“{kind}”不能设在“{parent_kind}”之下，应设在{allowed}之下"
ROOT_KIND_ONLY = "只有市公安局可以没有上级单位"
CODE_TAKEN = "机构代码“{code}”已被使用，请换一个"
UNIT_OUT_OF_SCOPE = "所选单位不在您的管辖范围内"
ID_NUMBER_INVALID = "公民身份号码有误：应为18位（末位可为X）或15位旧号码，出生日期和校验码须正确，请核对"
PHONE_INVALID = "联系电话格式不正确：手机号为11位数字，座机可含区号和“-”"
TEAM_BEAT_REQUIRED = "社区警务团队必须建在警务区下"
