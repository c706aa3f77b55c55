package contacts

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/daugavpils/prdesk/internal/errs"
)

// Reading an uploaded file into rows of cells: its encoding (UTF-8, with or
// without a byte order mark, or Windows-1257, which Latvian Excel writes),
// its kind (CSV with "," ";" or a tab between fields, or vCard 3.0/4.0),
// and its header.

// Import limits.
const (
	MaxImportBytes   = 10 << 20
	MaxImportRows    = 50_000
	MaxImportColumns = 200
	// ImportPageSize is how many rows a page of the preview shows.
	ImportPageSize = 100
)

// Encodings a file may be in, as contact_imports.encoding names them.
const (
	EncUTF8    = "utf-8"
	EncUTF8BOM = "utf-8-bom"
	Enc1257    = "windows-1257"
)

// Formats of an import.
const (
	FormatCSV   = "csv"
	FormatVCard = "vcard"
)

// ImportFields are the directory's fields a column may be mapped to, in the
// order the mapping's selects list them; "" is a column not imported.
var ImportFields = []string{"kind", "given_name", "family_name", "name", "name_original", "org_type", "organisation",
	"position", "emails", "phones", "country", "city", "address", "website", "tags", "notes", "opt_out"}

// vcardColumns are the columns a vCard file is read into.
var vcardColumns = []string{"kind", "given_name", "family_name", "name", "name_original", "organisation", "position",
	"emails", "phones", "country", "city", "address", "website", "tags", "notes"}

// ParsedFile is an uploaded file read into rows.
type ParsedFile struct {
	Format    string
	Encoding  string
	Separator string // a CSV's
	Headers   []string
	Mapping   []string // a field of ImportFields (or "") for each header
	Rows      []ImportRow
}

// ImportRow is one row of a file: its place, the line it begins on, its cells.
type ImportRow struct {
	N     int
	Line  int
	Cells []string
}

// fileError is a file refused as a whole, with the message beside the
// file field.
func fileError(key string, args ...any) error { return errs.Field("file", key, args...) }

// decodeText reads b as UTF-8 (a byte order mark dropped) or, when it is
// no UTF-8, as Windows-1257. Bytes that are neither (a spreadsheet's
// binary, UTF-16, a picture) refuse the file.
func decodeText(b []byte) (string, string, error) {
	enc := EncUTF8
	if bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		b, enc = b[3:], EncUTF8BOM
	}
	if utf8.Valid(b) {
		if !plainText(string(b)) {
			return "", "", fileError("contacts.import.err_encoding")
		}
		return string(b), enc, nil
	}
	if enc == EncUTF8BOM {
		return "", "", fileError("contacts.import.err_encoding")
	}
	s, err := charmap.Windows1257.NewDecoder().Bytes(b)
	if err != nil || bytes.ContainsRune(s, utf8.RuneError) || !plainText(string(s)) {
		return "", "", fileError("contacts.import.err_encoding")
	}
	return string(s), Enc1257, nil
}

// plainText tells whether s has no control characters but tabs and line ends.
func plainText(s string) bool {
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f {
			return false
		}
	}
	return true
}

// ParseImport reads an uploaded file: a vCard when it begins with
// BEGIN:VCARD (or is named .vcf), otherwise a CSV.
func ParseImport(name string, b []byte) (ParsedFile, error) {
	if len(bytes.TrimSpace(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")))) == 0 {
		return ParsedFile{}, fileError("contacts.import.err_empty")
	}
	if len(b) > MaxImportBytes {
		return ParsedFile{}, fileError("contacts.import.err_too_large", MaxImportBytes>>20)
	}
	text, enc, err := decodeText(b)
	if err != nil {
		return ParsedFile{}, err
	}
	start := strings.ToUpper(strings.TrimSpace(text))
	if strings.HasPrefix(start, "BEGIN:VCARD") || strings.HasSuffix(strings.ToLower(name), ".vcf") {
		return parseVCardFile(text, enc)
	}
	return parseCSV(text, enc)
}

// detectSeparator is the separator of the header line: the most common of
// ";" "," and tab outside quotes; "," when none is there.
func detectSeparator(text string) string {
	line := text
	inQuote := false
	for i := 0; i < len(text); i++ {
		if text[i] == '"' {
			inQuote = !inQuote
		}
		if !inQuote && (text[i] == '\n' || text[i] == '\r') {
			line = text[:i]
			break
		}
	}
	best, bestN := ",", 0
	for _, sep := range []string{",", ";", "\t"} {
		if n := countOutsideQuotes(line, sep[0]); n > bestN {
			best, bestN = sep, n
		}
	}
	return best
}

func countOutsideQuotes(s string, c byte) int {
	n, inQuote := 0, false
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '"':
			inQuote = !inQuote
		case s[i] == c && !inQuote:
			n++
		}
	}
	return n
}

// parseCSV reads the header and the rows. Quotes that do not close refuse
// the file (everything after them would be one cell); a row whose columns
// do not match the header's is kept, to be shown as invalid.
func parseCSV(text, enc string) (ParsedFile, error) {
	sep := detectSeparator(text)
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = rune(sep[0])
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	pf := ParsedFile{Format: FormatCSV, Encoding: enc, Separator: sep}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return ParsedFile{}, fileError("contacts.import.err_quote", pe.StartLine)
			}
			return ParsedFile{}, err
		}
		line, _ := r.FieldPos(0)
		if pf.Headers == nil {
			if len(rec) > MaxImportColumns {
				return ParsedFile{}, fileError("contacts.import.err_columns", MaxImportColumns)
			}
			pf.Headers = make([]string, len(rec))
			for i, h := range rec {
				pf.Headers[i] = strings.TrimSpace(h)
			}
			continue
		}
		if blank(rec) {
			continue
		}
		if len(pf.Rows) == MaxImportRows {
			return ParsedFile{}, fileError("contacts.import.err_too_many_rows", MaxImportRows)
		}
		if len(rec) > MaxImportColumns {
			rec = rec[:MaxImportColumns+1]
		}
		pf.Rows = append(pf.Rows, ImportRow{N: len(pf.Rows) + 1, Line: line, Cells: rec})
	}
	if len(pf.Rows) == 0 {
		return ParsedFile{}, fileError("contacts.import.err_no_rows")
	}
	pf.Mapping = GuessMapping(pf.Headers)
	return pf, nil
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// parseVCardFile reads each card into the columns of vcardColumns.
func parseVCardFile(text, enc string) (ParsedFile, error) {
	cards := parseVCards(text)
	if len(cards) == 0 {
		return ParsedFile{}, fileError("contacts.import.err_no_cards")
	}
	if len(cards) > MaxImportRows {
		return ParsedFile{}, fileError("contacts.import.err_too_many_rows", MaxImportRows)
	}
	pf := ParsedFile{Format: FormatVCard, Encoding: enc, Headers: vcardColumns, Mapping: vcardColumns}
	for i, c := range cards {
		pf.Rows = append(pf.Rows, ImportRow{N: i + 1, Line: c.Line, Cells: vcardCells(c)})
	}
	return pf, nil
}

// vcardVersion is the cell a card's unsupported version is kept in: the
// row is shown as invalid with it.
const vcardBadVersion = "\x00version:"

// vcardCells is a card as the cells of vcardColumns.
func vcardCells(c vcardCard) []string {
	cells := make([]string, len(vcardColumns))
	set := func(field, v string) {
		for i, f := range vcardColumns {
			if f == field {
				cells[i] = v
			}
		}
	}
	version := strings.TrimSpace(c.get("VERSION"))
	kind := ""
	if strings.EqualFold(c.get("KIND"), "org") || strings.EqualFold(c.get("X-ABSHOWAS"), "COMPANY") {
		kind = string(Organisation)
	}
	if version != "3.0" && version != "4.0" {
		// Kept where the kind goes, to refuse the row with its version.
		kind = vcardBadVersion + version
	}
	set("kind", kind)
	if n := c.all("N"); len(n) > 0 {
		parts := vcardSplit(n[0], ';')
		if len(parts) > 0 {
			set("family_name", parts[0])
		}
		if len(parts) > 1 {
			set("given_name", parts[1])
		}
	}
	set("name", c.get("FN"))
	set("name_original", c.get("X-NAME-ORIGINAL"))
	if org := c.all("ORG"); len(org) > 0 {
		set("organisation", vcardSplit(org[0], ';')[0])
	}
	set("position", c.get("TITLE"))
	var emails, phones, tags []string
	for _, e := range c.all("EMAIL") {
		emails = append(emails, vcardUnescape(e))
	}
	for _, p := range c.all("TEL") {
		p = vcardUnescape(p)
		p = strings.TrimPrefix(strings.TrimPrefix(p, "tel:"), "TEL:")
		if i := strings.IndexByte(p, ';'); i >= 0 { // tel:+371…;ext=2
			p = p[:i]
		}
		phones = append(phones, p)
	}
	for _, cat := range c.all("CATEGORIES") {
		tags = append(tags, vcardSplit(cat, ',')...)
	}
	set("emails", strings.Join(emails, "\n"))
	set("phones", strings.Join(phones, "\n"))
	set("tags", strings.Join(tags, ", "))
	if adr := c.all("ADR"); len(adr) > 0 {
		parts := vcardSplit(adr[0], ';')
		for len(parts) < 7 {
			parts = append(parts, "")
		}
		street := strings.TrimSpace(strings.Join(nonEmpty(parts[0], parts[1], parts[2]), ", "))
		set("address", street)
		set("city", parts[3])
		set("country", parts[6])
	}
	set("website", c.get("URL"))
	set("notes", c.get("NOTE"))
	return cells
}

func nonEmpty(s ...string) []string {
	var out []string
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			out = append(out, strings.TrimSpace(v))
		}
	}
	return out
}

// headerWords are the headers (folded) a column is guessed from, besides
// each field's own label in both languages (contacts.import.field.*).
var headerWords = map[string]string{
	"veids": "kind", "tips": "kind", "type": "kind", "kind": "kind",
	"vards": "given_name", "first name": "given_name", "firstname": "given_name", "given name": "given_name", "forename": "given_name",
	"uzvards": "family_name", "surname": "family_name", "last name": "family_name", "lastname": "family_name", "family name": "family_name",
	"vards uzvards": "name", "vards un uzvards": "name", "pilns vards": "name", "nosaukums": "name", "name": "name",
	"full name": "name", "display name": "name", "fn": "name", "kontakts": "name",
	"originalais nosaukums": "name_original", "original name": "name_original",
	"organizacija": "organisation", "organizacijas nosaukums": "organisation", "iestade": "organisation", "uznemums": "organisation",
	"darbavieta": "organisation", "medijs": "organisation", "company": "organisation", "organisation": "organisation",
	"organization": "organisation", "org": "organisation", "employer": "organisation", "outlet": "organisation",
	"organizacijas veids": "org_type", "organisation type": "org_type", "organization type": "org_type",
	"amats": "position", "position": "position", "title": "position", "job title": "position", "role": "position", "loma": "position",
	"e pasts": "emails", "epasts": "emails", "e pasta adrese": "emails", "e pasta adreses": "emails", "email": "emails",
	"e mail": "emails", "mail": "emails", "email address": "emails", "e mail address": "emails", "emails": "emails",
	"talrunis": "phones", "talr": "phones", "telefons": "phones", "talruni": "phones", "mobilais": "phones",
	"mobilais talrunis": "phones", "phone": "phones", "telephone": "phones", "mobile": "phones", "tel": "phones",
	"phone number": "phones", "phones": "phones",
	"valsts": "country", "country": "country",
	"pilseta": "city", "city": "city", "town": "city",
	"adrese": "address", "address": "address", "street": "address", "iela": "address",
	"timeklvietne": "website", "majaslapa": "website", "majas lapa": "website", "website": "website", "web": "website",
	"url": "website", "www": "website",
	"birkas": "tags", "birka": "tags", "tags": "tags", "tag": "tags", "categories": "tags", "kategorijas": "tags",
	"piezimes": "notes", "piezime": "notes", "notes": "notes", "note": "notes", "comments": "notes", "komentari": "notes",
	"atteicies no sutijumiem": "opt_out", "opted out of mailings": "opt_out", "opt out": "opt_out",
}

// GuessMapping maps each header to a field by its words (Latvian or
// English, diacritics and case aside); a field goes to its first column
// only, and a header not known is not imported.
func GuessMapping(headers []string) []string {
	words := importHeaderWords()
	out := make([]string, len(headers))
	used := map[string]bool{}
	for i, h := range headers {
		f := words[strings.Join(Fold(h), " ")]
		if f != "" && !used[f] {
			out[i], used[f] = f, true
		}
	}
	return out
}
