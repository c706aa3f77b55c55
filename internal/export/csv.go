// Package export writes what the areas' lists export: CSV that a Latvian
// spreadsheet opens as it should and never runs as formulas.
package export

import (
	"bufio"
	"encoding/csv"
	"io"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/i18n"
)

// CSV writes rows for a spreadsheet: a byte order mark (so Excel reads
// UTF-8 and ā, č, ņ, š, ж survive), ";" between fields (Excel in a Latvian
// locale, whose decimal mark is the comma, expects it), CRLF line ends, and
// every cell neutralised (Cell).
type CSV struct {
	out *bufio.Writer
	cw  *csv.Writer
}

// NewCSV starts a CSV on w.
func NewCSV(w io.Writer) (*CSV, error) {
	out := bufio.NewWriterSize(w, 64<<10)
	if _, err := out.WriteString("\ufeff"); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(out)
	cw.Comma = ';'
	cw.UseCRLF = true
	return &CSV{out: out, cw: cw}, nil
}

// Row writes one row; each cell goes through Cell.
func (c *CSV) Row(cells ...string) error {
	for i, s := range cells {
		cells[i] = Cell(s)
	}
	return c.cw.Write(cells)
}

// Flush sends what is buffered, and reports the first error of any row.
func (c *CSV) Flush() error {
	c.cw.Flush()
	if err := c.cw.Error(); err != nil {
		return err
	}
	return c.out.Flush()
}

// Cell keeps a cell from being read as a formula: text a person typed that
// starts with = + - @ (or a tab or carriage return, which some spreadsheets
// skip before one) would otherwise run as one when the file is opened (CSV
// injection). A leading apostrophe makes it text. A negative number alone
// ("-3", "-0,5": days past a term) is no formula and stays a number.
func Cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) && !negativeNumber.MatchString(s) {
		return "'" + s
	}
	return s
}

var negativeNumber = regexp.MustCompile(`^-[0-9]+([.,][0-9]+)?$`)

// Date is a date as a spreadsheet reads a date: dd.mm.yyyy, no final dot.
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(i18n.Riga).Format("02.01.2006")
}

// DateTime is a time in Riga as a spreadsheet reads one: dd.mm.yyyy hh:mm.
func DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(i18n.Riga).Format("02.01.2006 15:04")
}

// Attach sets the headers of a download named name (ASCII, no quotes) of the
// given content type.
func Attach(w http.ResponseWriter, contentType, name string) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
}

// CSVType is the content type of a CSV.
const CSVType = "text/csv; charset=utf-8"
