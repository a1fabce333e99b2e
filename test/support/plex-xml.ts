import { DOMParser } from '@xmldom/xmldom';

// Reading the media server's XML answers in tests: a strict parse (any warning or error fails the test), and
// small views of elements.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
}

/** Parses `text` as XML; throws on anything a strict parser would warn about. */
export function parseXml(text: string): XmlElement {
  const problems: string[] = [];
  const record = (message: string) => problems.push(message);
  const document = new DOMParser({
    errorHandler: { warning: record, error: record, fatalError: record },
  }).parseFromString(text, 'text/xml');
  if (problems.length > 0)
    throw new Error(`Not well-formed XML: ${problems.join('; ')}\n${text.slice(0, 300)}`);
  if (!document.documentElement) throw new Error(`No root element in: ${text.slice(0, 300)}`);
  return toElement(document.documentElement);
}

function toElement(node: Element): XmlElement {
  const attributes: Record<string, string> = {};
  for (let index = 0; index < node.attributes.length; index++) {
    const attribute = node.attributes.item(index);
    if (attribute) attributes[attribute.name] = attribute.value;
  }
  const children: XmlElement[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 1) children.push(toElement(child as Element));
  }
  return { name: node.nodeName, attributes, children };
}

/** The children named `name`. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}
