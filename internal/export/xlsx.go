package export

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/daugavpils/prdesk/internal/i18n"
)

// XLSXType is the content type of a spreadsheet.
const XLSXType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// Author is who a spreadsheet says made it.
const Author = "Daugavpils valstspilsētas pašvaldība"

// XLSX is one sheet written row by row, with real date cells. Its row count
// is given up front: the sheet declares its used range (a streaming reader
// reads only that far), and a stream cannot go back to write it.
type XLSX struct {
	book     *excelize.File
	sw       *excelize.StreamWriter
	row      int
	dateID   int
	timeID   int
	boldID   int
	rows     int
	cols     int
	header   []any // written before the first row, after any Width
	finished bool
}

// NewXLSX starts a book of one sheet named sheet, whose document title is
// title and whose creation time is now; rows is how many rows will follow
// the header (the header row not counted).
func NewXLSX(sheet, title string, now time.Time, header []string, rows int) (*XLSX, error) {
	x := &XLSX{book: excelize.NewFile(), rows: rows, cols: len(header)}
	if err := x.setUp(sheet, title, now); err != nil {
		x.book.Close()
		return nil, err
	}
	x.header = make([]any, len(header))
	for i, h := range header {
		x.header[i] = excelize.Cell{StyleID: x.boldID, Value: h}
	}
	return x, nil
}

func (x *XLSX) setUp(sheet, title string, now time.Time) error {
	b := x.book
	if err := b.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	last, err := excelize.CoordinatesToCellName(max(x.cols, 1), x.rows+1)
	if err != nil {
		return err
	}
	if err := b.SetSheetDimension(sheet, "A1:"+last); err != nil {
		return err
	}
	stamp := now.UTC().Format(time.RFC3339)
	if err := b.SetDocProps(&excelize.DocProperties{
		Title: title, Creator: Author, LastModifiedBy: Author, Created: stamp, Modified: stamp, Language: "lv-LV",
	}); err != nil {
		return err
	}
	format := func(f string) (int, error) { return b.NewStyle(&excelize.Style{CustomNumFmt: &f}) }
	if x.dateID, err = format("dd.mm.yyyy"); err != nil {
		return err
	}
	if x.timeID, err = format("dd.mm.yyyy hh:mm"); err != nil {
		return err
	}
	if x.boldID, err = b.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
		return err
	}
	x.sw, err = b.NewStreamWriter(sheet)
	return err
}

// Width sets the width of columns from..to (1-based), in characters; call
// it before the first Row.
func (x *XLSX) Width(from, to int, width float64) error { return x.sw.SetColWidth(from, to, width) }

// Row writes the next row. A time.Time cell is written as a date (Date) or
// a time (DateTime) by its kind; strings, numbers and nil as they are.
func (x *XLSX) Row(cells ...any) error { return x.write(cells) }

// Date is a date cell for Row.
func (x *XLSX) Date(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return excelize.Cell{StyleID: x.dateID, Value: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)}
}

// DateTime is a cell of the time t as read on a clock in Riga (a
// spreadsheet has no time zones).
func (x *XLSX) DateTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	r := t.In(i18n.Riga)
	return excelize.Cell{StyleID: x.timeID, Value: time.Date(r.Year(), r.Month(), r.Day(), r.Hour(), r.Minute(), 0, 0, time.UTC)}
}

// Note writes a row of one bold cell (an export cut short says so).
func (x *XLSX) Note(text string) error {
	return x.write([]any{excelize.Cell{StyleID: x.boldID, Value: text}})
}

func (x *XLSX) write(cells []any) error {
	if err := x.writeHeader(); err != nil {
		return err
	}
	return x.writeRow(cells)
}

// writeHeader writes the header row, once.
func (x *XLSX) writeHeader() error {
	if x.header == nil {
		return nil
	}
	header := x.header
	x.header = nil
	return x.writeRow(header)
}

func (x *XLSX) writeRow(cells []any) error {
	x.row++
	cell, err := excelize.CoordinatesToCellName(1, x.row)
	if err != nil {
		return err
	}
	return x.sw.SetRow(cell, cells)
}

// WriteTo finishes the book and writes it to w.
func (x *XLSX) WriteTo(w io.Writer) (int64, error) {
	if !x.finished {
		x.finished = true
		if err := x.writeHeader(); err != nil {
			return 0, fmt.Errorf("xlsx: %w", err)
		}
		if err := x.sw.Flush(); err != nil {
			return 0, fmt.Errorf("xlsx: %w", err)
		}
	}
	return x.book.WriteTo(w)
}

// Close lets go of the book's temporary files.
func (x *XLSX) Close() error { return x.book.Close() }
