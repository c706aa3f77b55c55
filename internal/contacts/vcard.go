package contacts

import (
	"bufio"
	"io"
	"strings"
	"unicode/utf8"
)

// vCard (RFC 2426 for 3.0, RFC 6350 for 4.0): the directory's export
// writes one card a contact, and the import reads cards back. Text is
// UTF-8; "\", ",", ";" and line ends in a value are escaped; lines longer
// than 75 octets are folded (a line end and a space), never inside a
// character.

// VCardVersions are the versions the export offers and the import reads.
var VCardVersions = []string{"3.0", "4.0"}

// vcardText escapes a text value: \ , ; and line ends.
func vcardText(s string) string {
	var b strings.Builder
	s = strings.ReplaceAll(s, "\r\n", "\n")
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case ',':
			b.WriteString(`\,`)
		case ';':
			b.WriteString(`\;`)
		case '\n', '\r':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// vcardWriter writes content lines, folded.
type vcardWriter struct {
	w *bufio.Writer
}

// line writes one content line, folded at 75 octets: a continuation line
// starts with a space, which counts towards its 75.
func (v vcardWriter) line(s string) error {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		if _, err := v.w.WriteString(s[:cut] + "\r\n "); err != nil {
			return err
		}
		s = s[cut:]
		limit = 74
	}
	_, err := v.w.WriteString(s + "\r\n")
	return err
}

// VCard writes one card of the contact in version ("3.0" or "4.0");
// country is the country's name as the address says it.
func writeVCard(v vcardWriter, version string, r ExportRow, country string) error {
	c := r.Contact
	lines := []string{"BEGIN:VCARD", "VERSION:" + version}
	if version == "4.0" {
		if c.Kind == Organisation {
			lines = append(lines, "KIND:org")
		} else {
			lines = append(lines, "KIND:individual")
		}
	}
	lines = append(lines, "PRODID:-//Daugavpils valstspilsetas pasvaldiba//PR Desk//LV")
	lines = append(lines, "FN:"+vcardText(c.Name))
	if c.Kind == Person {
		lines = append(lines, "N:"+vcardText(c.FamilyName)+";"+vcardText(c.GivenName)+";;"+vcardText(c.FormOfAddress)+";")
		if r.OrgName != "" {
			lines = append(lines, "ORG:"+vcardText(r.OrgName))
		}
		if c.Position != "" {
			lines = append(lines, "TITLE:"+vcardText(c.Position))
		}
	} else {
		if version == "3.0" {
			lines = append(lines, "N:;;;;", "X-ABSHOWAS:COMPANY")
		}
		lines = append(lines, "ORG:"+vcardText(c.Name))
	}
	if c.NameOriginal != "" {
		lines = append(lines, "X-NAME-ORIGINAL:"+vcardText(c.NameOriginal))
	}
	for i, e := range c.Emails {
		switch {
		case version == "3.0" && i == 0:
			lines = append(lines, "EMAIL;TYPE=INTERNET,PREF:"+vcardText(e))
		case version == "3.0":
			lines = append(lines, "EMAIL;TYPE=INTERNET:"+vcardText(e))
		case i == 0:
			lines = append(lines, "EMAIL;PREF=1:"+vcardText(e))
		default:
			lines = append(lines, "EMAIL:"+vcardText(e))
		}
	}
	for _, p := range c.Phones {
		if version == "3.0" {
			lines = append(lines, "TEL;TYPE=VOICE:"+vcardText(p))
		} else {
			lines = append(lines, "TEL;VALUE=uri:tel:"+p)
		}
	}
	if c.Address != "" || c.City != "" || country != "" {
		lines = append(lines, "ADR:;;"+vcardText(c.Address)+";"+vcardText(c.City)+";;;"+vcardText(country))
	}
	if c.Website != "" {
		lines = append(lines, "URL:"+c.Website)
	}
	if c.Notes != "" {
		lines = append(lines, "NOTE:"+vcardText(c.Notes))
	}
	if len(c.Tags) > 0 {
		tags := make([]string, len(c.Tags))
		for i, t := range c.Tags {
			tags[i] = vcardText(t)
		}
		lines = append(lines, "CATEGORIES:"+strings.Join(tags, ","))
	}
	lines = append(lines, "END:VCARD")
	for _, l := range lines {
		if err := v.line(l); err != nil {
			return err
		}
	}
	return nil
}

// vcardProp is one content line of a card as read.
type vcardProp struct {
	Name   string            // upper case, without a group ("EMAIL")
	Params map[string]string // upper-case names, values as written
	Value  string            // raw, still escaped
}

// vcardCard is one card's properties in order.
type vcardCard struct {
	Line  int // the line its BEGIN was on
	Props []vcardProp
}

// get is the first value of the property, unescaped.
func (c vcardCard) get(name string) string {
	for _, p := range c.Props {
		if p.Name == name {
			return vcardUnescape(p.Value)
		}
	}
	return ""
}

// all are the raw values of every property of the name.
func (c vcardCard) all(name string) []string {
	var out []string
	for _, p := range c.Props {
		if p.Name == name {
			out = append(out, p.Value)
		}
	}
	return out
}

// parseVCards reads the cards of a file (already UTF-8): lines unfolded,
// properties split from their parameters. A line outside BEGIN/END is
// ignored; a card without END is still read.
func parseVCards(text string) []vcardCard {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	var lines []string
	var lineNo []int
	for i, l := range strings.Split(text, "\n") {
		if (strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t")) && len(lines) > 0 {
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
		lineNo = append(lineNo, i+1)
	}
	var cards []vcardCard
	var cur *vcardCard
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		p, ok := parseVCardLine(l)
		if !ok {
			continue
		}
		switch {
		case p.Name == "BEGIN" && strings.EqualFold(p.Value, "VCARD"):
			if cur != nil {
				cards = append(cards, *cur)
			}
			cur = &vcardCard{Line: lineNo[i]}
		case p.Name == "END" && strings.EqualFold(p.Value, "VCARD"):
			if cur != nil {
				cards = append(cards, *cur)
				cur = nil
			}
		case cur != nil:
			cur.Props = append(cur.Props, p)
		}
	}
	if cur != nil {
		cards = append(cards, *cur)
	}
	return cards
}

// parseVCardLine splits "group.NAME;PARAM=a,b;PARAM2=c:value".
func parseVCardLine(l string) (vcardProp, bool) {
	// The name and parameters end at the first colon outside quotes.
	inQuote := false
	colon := -1
	for i := 0; i < len(l); i++ {
		switch l[i] {
		case '"':
			inQuote = !inQuote
		case ':':
			if !inQuote {
				colon = i
			}
		}
		if colon >= 0 {
			break
		}
	}
	if colon < 0 {
		return vcardProp{}, false
	}
	head, value := l[:colon], l[colon+1:]
	parts := strings.Split(head, ";")
	name := parts[0]
	if dot := strings.LastIndexByte(name, '.'); dot >= 0 {
		name = name[dot+1:]
	}
	p := vcardProp{Name: strings.ToUpper(strings.TrimSpace(name)), Value: value, Params: map[string]string{}}
	for _, param := range parts[1:] {
		k, v, ok := strings.Cut(param, "=")
		if !ok {
			// vCard 2.1's bare type: "TEL;CELL".
			k, v = "TYPE", param
		}
		p.Params[strings.ToUpper(k)] = strings.Trim(v, `"`)
	}
	return p, true
}

// vcardUnescape undoes vcardText.
func vcardUnescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// vcardSplit splits a structured value at unescaped sep (";" or ","),
// each part unescaped.
func vcardSplit(s string, sep byte) []string {
	var out []string
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s):
			b.WriteByte(s[i])
			b.WriteByte(s[i+1])
			i++
		case s[i] == sep:
			out = append(out, vcardUnescape(b.String()))
			b.Reset()
		default:
			b.WriteByte(s[i])
		}
	}
	return append(out, vcardUnescape(b.String()))
}

// newVCardWriter buffers w.
func newVCardWriter(w io.Writer) vcardWriter { return vcardWriter{w: bufio.NewWriterSize(w, 64<<10)} }

func (v vcardWriter) flush() error { return v.w.Flush() }
