package export

import (
	"net/http"
	"strconv"
	"time"
)

// A list's export is one table in either format: Table writes the same
// rows as a CSV of text or as a spreadsheet of typed cells, so that an
// area builds its rows once.

// Day is a date without a time of day, as a cell of a Table.
type Day time.Time

// Table is a list's export: its file name (without the extension), the
// sheet's and the document's titles, when it was made, and its header.
type Table struct {
	Name, Sheet, Title string
	Now                time.Time
	Header             []string
}

// Write answers with t's rows as format ("csv" or "xlsx"). A cell is a
// string, an int or int64, a time.Time (a date and time in Riga), a Day,
// or nil; a CSV's text is neutralised as Cell does (a spreadsheet's is a
// string cell, never a formula). An error once the
// answer has begun (a client gone) is returned for the caller to log.
func (t Table) Write(w http.ResponseWriter, format string, rows [][]any) error {
	if format == "csv" {
		Attach(w, CSVType, t.Name+".csv")
		out, err := NewCSV(w)
		if err == nil {
			err = out.Row(t.Header...)
		}
		for _, row := range rows {
			if err != nil {
				break
			}
			cells := make([]string, len(row))
			for i, c := range row {
				cells[i] = csvText(c)
			}
			err = out.Row(cells...)
		}
		if err == nil {
			err = out.Flush()
		}
		return err
	}
	x, err := NewXLSX(t.Sheet, t.Title, t.Now, t.Header, len(rows))
	if err != nil {
		return err
	}
	defer x.Close()
	for _, row := range rows {
		cells := make([]any, len(row))
		for i, c := range row {
			switch v := c.(type) {
			case time.Time:
				cells[i] = x.DateTime(v)
			case Day:
				cells[i] = x.Date(time.Time(v))
			default:
				cells[i] = v
			}
		}
		if err := x.Row(cells...); err != nil {
			return err
		}
	}
	Attach(w, XLSXType, t.Name+".xlsx")
	_, err = x.WriteTo(w)
	return err
}

// csvText is a cell of a Table as CSV text.
func csvText(c any) string {
	switch v := c.(type) {
	case nil:
		return ""
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case time.Time:
		return DateTime(v)
	case Day:
		return Date(time.Time(v))
	}
	return ""
}
