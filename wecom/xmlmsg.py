"""WeCom's XML, read safely with the standard library's expat: a document type declaration, an entity declaration or
an external entity reference is refused outright (no defusedxml needed for the flat messages WeCom sends), and the
body is size-capped by the caller.

``parse`` gives the root's children as a flat dict: text children as strings, a child holding elements (such as
``<MemChangeList><Item>a</Item><Item>b</Item></MemChangeList>``) as the list of its children's texts.
"""

from xml.parsers import expat
from xml.sax.saxutils import escape


class XMLRefused(ValueError):
    pass


def parse(data: bytes | str) -> dict:
    parser = expat.ParserCreate(encoding="utf-8")

    def refuse(*_args):
        raise XMLRefused("DTDs and entities are refused")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    result: dict = {}
    stack: list[str] = []
    texts: list[list[str]] = []

    def start(name, _attrs):
        stack.append(name)
        texts.append([])
        if len(stack) == 3 and not isinstance(result.get(stack[1]), list):
            result[stack[1]] = []

    def end(_name):
        text = "".join(texts.pop()).strip()
        depth = len(stack)
        name = stack.pop()
        if depth == 2 and not isinstance(result.get(name), list):
            result[name] = text
        elif depth == 3:
            result[stack[1]].append(text)

    def chars(data):
        if texts:
            texts[-1].append(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    try:
        parser.Parse(data.encode() if isinstance(data, str) else data, True)
    except expat.ExpatError as exc:
        raise XMLRefused(f"not well-formed XML: {exc}") from exc
    return result


def build(fields: dict) -> str:
    """A flat <xml> document (what the fake and the callback driver send)."""
    parts = ["<xml>"]
    for name, value in fields.items():
        if isinstance(value, list | tuple):
            items = "".join(f"<Item>{escape(str(v))}</Item>" for v in value)
            parts.append(f"<{name}>{items}</{name}>")
        elif isinstance(value, int):
            parts.append(f"<{name}>{value}</{name}>")
        else:
            parts.append(f"<{name}><![CDATA[{str(value).replace(']]>', ']]]]><![CDATA[>')}]]></{name}>")
    parts.append("</xml>")
    return "".join(parts)
