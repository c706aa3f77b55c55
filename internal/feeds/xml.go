package feeds

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/unicode"
)

// Bounds on the tree one feed builds, so that a hostile feed costs a
// bounded amount of memory and stack; real feeds stay far below both.
const (
	maxDepth    = 64
	maxElements = 300_000
)

const (
	nsXML      = "http://www.w3.org/XML/1998/namespace"
	nsAtom     = "http://www.w3.org/2005/Atom"
	nsAtom03   = "http://purl.org/atom/ns#"
	nsRSS1     = "http://purl.org/rss/1.0/"
	nsRSS090   = "http://my.netscape.com/rdf/simple/0.9/"
	nsUserland = "http://backend.userland.com/rss2"
	nsRDF      = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	nsDC       = "http://purl.org/dc/elements/1.1/"
	nsDCTerms  = "http://purl.org/dc/terms/"
	nsContent  = "http://purl.org/rss/1.0/modules/content/"
	nsYandex   = "http://news.yandex.ru"
)

// node is an element of the feed, or a run of text (when name.Local is
// empty). The whole feed becomes a tree before it is read, because HTML
// written into a description without escaping arrives as elements whose
// text belongs to the description.
type node struct {
	name   xml.Name
	attr   []xml.Attr
	kids   []*node
	text   strings.Builder // a text run's pieces (CDATA sections, entities) arrive apart
	closed bool            // its end was read: an item cut off by a break is not kept
	base   *url.URL        // from the feed's URL and the xml:base attributes above it
}

type format int

const (
	formatUnknown format = iota
	formatRSS            // RSS 0.9x and 2.0, and RSS 1.0 in RDF
	formatAtom
)

func formatOf(root xml.Name) format {
	switch strings.ToLower(root.Local) {
	case "rss", "rdf":
		return formatRSS
	case "feed":
		return formatAtom
	}
	return formatUnknown
}

// Elements of HTML that have no end tag, as they come in descriptions written
// without escaping. Not "link", "meta", "base" or "source": RSS and Atom have
// elements of those names with content.
var voidElements = map[string]bool{
	"area": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "param": true, "track": true, "wbr": true, "basefont": true,
	"frame": true, "isindex": true,
}

// open is an element whose end has not been read yet.
type open struct {
	raw  xml.Name          // as written, prefix and all, to match its end tag
	node *node             // elements past maxDepth have neither node nor place here
	ns   map[string]string // the prefixes it declares
}

// treeReader builds the tree the way a browser would read broken markup:
// an end tag closes the nearest open element of its name and every element
// left open inside it, an end tag with no open element is ignored, and a new
// item closes one left open. xml.Decoder's own recovery (Strict false with
// AutoClose) cannot be used: it closes every enclosing element at a stray
// end tag, and its HTMLAutoClose ends RSS's <link> before its text.
type treeReader struct {
	base     *url.URL
	root     *node
	stack    []open
	unkept   int // elements open past maxDepth, whose end tags are expected
	elements int
}

// The markup of PHP's and Xdebug's error messages.
var phpErrorMarkup = map[string]bool{
	"br": true, "b": true, "i": true, "strong": true, "font": true, "p": true,
	"span": true, "pre": true, "small": true, "a": true, "code": true,
	"table": true, "tbody": true, "tr": true, "th": true, "td": true,
}

// xml.Decoder refuses XML 1.1, which changes nothing a feed uses.
var xml11 = regexp.MustCompile(`<\?xml\s+version\s*=\s*["']1\.1["']`)

// readTree builds the tree of the document's feed element. When the
// document is no feed it returns its first element with no error, or nil
// for a document without elements. An error after the feed's root is a
// *ParseError returned with the tree read so far.
func readTree(text []byte, base *url.URL) (*node, error) {
	if loc := xml11.FindIndex(text[:min(len(text), 1024)]); loc != nil {
		text[loc[1]-2] = '0'
	}
	d := xml.NewDecoder(bytes.NewReader(text))
	d.Strict = false // bare "&", unknown entities, unquoted attributes
	d.Entity = xml.HTMLEntity
	// toUTF8 has already decoded the text, so the declaration's encoding no
	// longer describes it.
	d.CharsetReader = func(_ string, input io.Reader) (io.Reader, error) { return input, nil }
	tr := &treeReader{base: base}
	var first *node // the first element, to name what the document is when it is no feed
	skipped := 0
	for {
		tok, err := d.RawToken()
		if err != nil {
			if tr.root == nil {
				if errors.Is(err, io.EOF) {
					return first, nil
				}
				return first, err
			}
			line, _ := d.InputPos()
			var syntax *xml.SyntaxError
			switch {
			case errors.As(err, &syntax):
				line, err = syntax.Line, errors.New(syntax.Msg)
			case errors.Is(err, io.EOF):
				err = fmt.Errorf("the feed ends before </%s>", tr.root.name.Local)
			}
			return tr.root, &ParseError{Line: line, Err: err}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if tr.root == nil && formatOf(t.Name) == formatUnknown {
				if first == nil {
					first = &node{name: t.Name}
				}
				// PHP prints its warnings ("<br />\n<b>Warning</b>: ...")
				// before the feed of many a CMS; an HTML page is turned
				// away at its first element.
				if skipped++; !phpErrorMarkup[strings.ToLower(t.Name.Local)] || skipped > 100 {
					return first, nil
				}
				continue
			}
			if tr.elements++; tr.elements > maxElements {
				line, _ := d.InputPos()
				return tr.root, &ParseError{Line: line, Err: fmt.Errorf("more than %d elements", maxElements)}
			}
			tr.start(t)
		case xml.EndElement:
			if tr.root != nil && tr.end(t.Name) {
				return tr.root, nil
			}
		case xml.CharData:
			tr.text(string(t))
		}
	}
}

func (tr *treeReader) start(t xml.StartElement) {
	if len(tr.stack) >= maxDepth {
		tr.unkept++
		return
	}
	var declared map[string]string
	for _, a := range t.Attr {
		switch {
		case a.Name.Space == "xmlns":
			declared = withPrefix(declared, a.Name.Local, a.Value)
		case a.Name.Space == "" && a.Name.Local == "xmlns":
			declared = withPrefix(declared, "", a.Value)
		}
	}
	o := open{raw: t.Name, ns: declared}
	tr.stack = append(tr.stack, o)
	n := &node{name: tr.translate(t.Name, true), base: tr.base}
	for _, a := range t.Attr {
		if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
			continue
		}
		n.attr = append(n.attr, xml.Attr{Name: tr.translate(a.Name, false), Value: a.Value})
	}
	tr.stack = tr.stack[:len(tr.stack)-1]

	// A feed that forgets </item> still means the next <item> to begin a
	// new one rather than to sit inside the last.
	if local := strings.ToLower(n.name.Local); local == "item" || local == "entry" {
		for i := len(tr.stack) - 1; i > 0; i-- {
			if strings.EqualFold(tr.stack[i].node.name.Local, local) {
				tr.closeTo(i)
				break
			}
		}
	}

	parent := tr.keptTop()
	if parent != nil {
		n.base = parent.base
		parent.kids = append(parent.kids, n)
	}
	if xb := n.attrValue(nsXML, "base"); xb != "" {
		if u, err := url.Parse(strings.TrimSpace(xb)); err == nil {
			if n.base != nil {
				u = n.base.ResolveReference(u)
			}
			if u.IsAbs() {
				n.base = u
			}
		}
	}
	if tr.root == nil {
		tr.root = n
	}
	if t.Name.Space == "" && voidElements[strings.ToLower(t.Name.Local)] && parent != nil {
		n.closed = true
		return
	}
	o.node = n
	tr.stack = append(tr.stack, o)
}

func withPrefix(m map[string]string, prefix, uri string) map[string]string {
	if m == nil {
		m = make(map[string]string)
	}
	m[prefix] = uri
	return m
}

// translate puts the namespace's URI in place of the prefix, as xml.Decoder
// does; a prefix nobody declared stays, since feeds write "dc:creator"
// without declaring dc and still mean Dublin Core.
func (tr *treeReader) translate(name xml.Name, element bool) xml.Name {
	switch {
	case name.Space == "xml":
		name.Space = nsXML
		return name
	case name.Space == "" && !element:
		return name
	}
	for i := len(tr.stack) - 1; i >= 0; i-- {
		if uri, ok := tr.stack[i].ns[name.Space]; ok {
			name.Space = uri
			return name
		}
	}
	return name
}

// end closes the nearest open element named name and those left open inside
// it; it reports whether that was the root.
func (tr *treeReader) end(name xml.Name) bool {
	for i := len(tr.stack) - 1; i >= 0; i-- {
		raw := tr.stack[i].raw
		if raw.Space == name.Space && strings.EqualFold(raw.Local, name.Local) {
			tr.closeTo(i)
			tr.unkept = 0
			return i == 0
		}
	}
	if tr.unkept > 0 {
		tr.unkept--
	}
	return false
}

func (tr *treeReader) closeTo(i int) {
	for _, o := range tr.stack[i:] {
		if o.node != nil {
			o.node.closed = true
		}
	}
	tr.stack = tr.stack[:i]
}

func (tr *treeReader) keptTop() *node {
	if len(tr.stack) == 0 {
		return nil
	}
	return tr.stack[len(tr.stack)-1].node
}

func (tr *treeReader) text(s string) {
	top := tr.keptTop()
	if top == nil {
		return
	}
	k := len(top.kids)
	if k == 0 || top.kids[k-1].name.Local != "" {
		top.kids = append(top.kids, &node{})
		k++
	}
	top.kids[k-1].text.WriteString(s)
}

func (n *node) attrValue(space, local string) string {
	for _, a := range n.attr {
		if a.Name.Local == local && a.Name.Space == space {
			return a.Value
		}
	}
	return ""
}

// inner is all the text inside n, with a space where an HTML block element
// stood so that paragraphs do not run together.
func (n *node) inner() string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	n.writeInner(&b)
	return b.String()
}

func (n *node) writeInner(b *strings.Builder) {
	for _, k := range n.kids {
		if k.name.Local == "" {
			b.WriteString(k.text.String())
			continue
		}
		name := strings.ToLower(k.name.Local)
		if hiddenElements[name] {
			continue
		}
		block := blockElements[name]
		if block {
			b.WriteByte(' ')
		}
		k.writeInner(b)
		if block {
			b.WriteByte(' ')
		}
	}
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// The encoding named in the XML declaration.
// Not anchored at the start: PHP warnings may come first.
var declaredEncoding = regexp.MustCompile(`<\?xml[^>]*?\sencoding\s*=\s*["']\s*([A-Za-z0-9._:-]+)\s*["']`)

// toUTF8 decodes the feed to UTF-8 in the order XML asks: a byte-order mark,
// then the declaration, then the HTTP charset. It does the decoding itself
// rather than in xml.Decoder's CharsetReader so that it can first see a
// declaration that lies, and afterwards clean what the decoder would stop
// on.
func toUTF8(raw []byte, contentType string) ([]byte, error) {
	switch {
	case bytes.HasPrefix(raw, utf8BOM):
		return xmlChars(raw[len(utf8BOM):]), nil
	case bytes.HasPrefix(raw, []byte{0xFE, 0xFF}), bytes.HasPrefix(raw, []byte{0, '<', 0, '?'}):
		return fromUTF16(raw, unicode.BigEndian)
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}), bytes.HasPrefix(raw, []byte{'<', 0, '?', 0}):
		return fromUTF16(raw, unicode.LittleEndian)
	}
	label := ""
	if m := declaredEncoding.FindSubmatch(raw[:min(len(raw), 1024)]); m != nil {
		label = string(m[1])
	} else {
		label = charsetParam(contentType)
	}
	// A declaration of Windows-1257 over text that is valid UTF-8 is a
	// CMS's old template: legacy-encoded Latvian or Russian text is almost
	// never valid UTF-8, so the text is believed over the label.
	if label == "" || utf8.Valid(raw) {
		return xmlChars(raw), nil
	}
	if _, name := charset.Lookup(label); name == "utf-8" {
		return xmlChars(raw), nil
	}
	decoded, err := charset.NewReaderLabel(label, bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("feeds: the feed's encoding %q is unknown: %w", label, err)
	}
	text, err := io.ReadAll(decoded)
	if err != nil {
		return nil, fmt.Errorf("feeds: decoding the feed from %s: %w", label, err)
	}
	return xmlChars(text), nil
}

func fromUTF16(raw []byte, order unicode.Endianness) ([]byte, error) {
	text, err := unicode.UTF16(order, unicode.UseBOM).NewDecoder().Bytes(raw)
	if err != nil {
		return nil, fmt.Errorf("feeds: decoding the feed from UTF-16: %w", err)
	}
	return xmlChars(text), nil
}

func charsetParam(contentType string) string {
	if contentType == "" {
		return ""
	}
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		return params["charset"]
	}
	return ""
}

// xmlChars replaces bytes that are not UTF-8 and drops characters XML does
// not allow (a stray \x0B pasted from a word processor): xml.Decoder stops
// at either, and one bad byte must not cost the rest of the feed.
func xmlChars(text []byte) []byte {
	if isCleanXML(text) {
		return text
	}
	out := make([]byte, 0, len(text))
	for len(text) > 0 {
		r, size := utf8.DecodeRune(text)
		switch {
		case r == utf8.RuneError && size == 1:
			out = utf8.AppendRune(out, utf8.RuneError)
		case isXMLChar(r):
			out = append(out, text[:size]...)
		}
		text = text[size:]
	}
	return out
}

func isCleanXML(text []byte) bool {
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		if (r == utf8.RuneError && size == 1) || !isXMLChar(r) {
			return false
		}
		i += size
	}
	return true
}

// isXMLChar is XML 1.0's Char production.
func isXMLChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		(r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}
