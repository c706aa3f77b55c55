package petitions

import (
	"bufio"
	"context"
	"encoding/csv"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// XLSXMaxRows caps a spreadsheet export: past it a note row says the export
// was cut. A CSV is streamed and not capped.
const XLSXMaxRows = 100_000

// exportHeader is the header row, in the person's language.
func exportHeader(ctx context.Context) []string {
	var out []string
	for _, k := range []string{"col_number", "col_received", "col_type", "col_channel", "col_person", "col_subject",
		"col_addressee", "col_state", "col_due", "col_days_left", "col_answered"} {
		out = append(out, i18n.T(ctx, "petitions.list."+k))
	}
	return out
}

// exportCell keeps a cell from being read as a formula by a spreadsheet: a
// name or subject starting with = + - @ would otherwise run as one (CSV injection).
func exportCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// exportLine is one row as text, for the CSV.
func exportLine(ctx context.Context, cal *calendar.Calendar, today time.Time, r ListRow) []string {
	days, answered := "", ""
	if r.State.Open() {
		days = strconv.Itoa(DaysLeft(cal, today, r.DueDate))
	}
	if r.AnsweredOn != nil {
		answered = r.AnsweredOn.Format("02.01.2006")
	}
	return []string{
		r.RegNumber, r.ReceivedAt.In(i18n.Riga).Format("02.01.2006 15:04"), DocTypeName(ctx, r.DocType),
		ChannelName(ctx, r.Channel), exportCell(listPerson(ctx, r)), exportCell(r.Subject), r.AddresseeName,
		StateName(ctx, r.State), r.DueDate.Format("02.01.2006"), days, answered,
	}
}

// exportRequest is what both exports read rows with.
type exportRequest struct {
	query ExportQuery
	today time.Time
	cal   *calendar.Calendar // for the working days left
}

// readExportRequest reads the filters of an export and what its rows need;
// on bad filters it answers with the list page and its messages, on another
// failure with the error, and reports false.
func (h *Handler) readExportRequest(w http.ResponseWriter, r *http.Request, format string) (exportRequest, bool) {
	ctx := r.Context()
	lf, f, fieldErrs := readListForm(r)
	if fieldErrs.Any() {
		h.list(w, r)
		return exportRequest{}, false
	}
	cal, err := h.store.Calendar(ctx)
	if err != nil {
		web.Error(w, r, err)
		return exportRequest{}, false
	}
	now := h.deps.Now()
	return exportRequest{
		query: ExportQuery{Viewer: ViewerOf(auth.UserFrom(ctx), now), Filter: f, Sort: lf.Sort, Now: now,
			Format: format, Query: filterQuery(r.URL.Query()).Encode()},
		today: calendar.DateOf(now), cal: cal,
	}, true
}

func exportName(ext string, now time.Time) string {
	return "iesniegumi-" + now.In(i18n.Riga).Format("2006-01-02") + "." + ext
}

func (h *Handler) exportCSV(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q, ok := h.readExportRequest(w, r, "CSV")
	if !ok {
		return
	}
	var out *bufio.Writer
	var cw *csv.Writer
	// Headers go out only once the query has run, so a failing query still gets an error page.
	begin := func() error {
		if cw != nil {
			return nil
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+exportName("csv", q.query.Now)+`"`)
		out = bufio.NewWriterSize(w, 64<<10)
		// The byte order mark makes Excel read the file as UTF-8, so ā, č, ņ, š survive.
		if _, err := out.WriteString("\ufeff"); err != nil {
			return err
		}
		cw = csv.NewWriter(out)
		// Excel in a Latvian locale uses the comma as the decimal mark and so
		// expects ";" between fields; with "," it puts each line in one cell.
		cw.Comma = ';'
		cw.UseCRLF = true
		return cw.Write(exportHeader(ctx))
	}
	n := 0
	err := h.store.Export(ctx, q.query, func(row ListRow) error {
		if err := begin(); err != nil {
			return err
		}
		n++
		return cw.Write(exportLine(ctx, q.cal, q.today, row))
	}, func(int, bool) error {
		// The rows are all out before the audit entry that counts them.
		if err := begin(); err != nil {
			return err
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return err
		}
		return out.Flush()
	})
	if err != nil {
		if out == nil {
			web.Error(w, r, err)
		} else {
			slog.ErrorContext(ctx, "petitions csv export", "err", err, "rows", n)
		}
	}
}

func (h *Handler) exportXLSX(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q, ok := h.readExportRequest(w, r, "XLSX")
	if !ok {
		return
	}
	q.query.Limit = XLSXMaxRows
	book := excelize.NewFile()
	defer book.Close()
	sheet := i18n.T(ctx, "petitions.list.sheet")
	if err := book.SetSheetName("Sheet1", sheet); err != nil {
		web.Error(w, r, err)
		return
	}
	sw, err := book.NewStreamWriter(sheet)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	dateStyle, err := book.NewStyle(&excelize.Style{CustomNumFmt: listPtr("dd.mm.yyyy")})
	if err != nil {
		web.Error(w, r, err)
		return
	}
	timeStyle, err := book.NewStyle(&excelize.Style{CustomNumFmt: listPtr("dd.mm.yyyy hh:mm")})
	if err != nil {
		web.Error(w, r, err)
		return
	}
	bold, err := book.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		web.Error(w, r, err)
		return
	}
	_ = sw.SetColWidth(1, 1, 16)
	_ = sw.SetColWidth(5, 6, 32)
	header := []any{}
	for _, s := range exportHeader(ctx) {
		header = append(header, excelize.Cell{StyleID: bold, Value: s})
	}
	if err := sw.SetRow("A1", header); err != nil {
		web.Error(w, r, err)
		return
	}
	n := 0
	err = h.store.Export(ctx, q.query, func(row ListRow) error {
		n++
		var days, answered any
		if row.State.Open() {
			days = DaysLeft(q.cal, q.today, row.DueDate)
		}
		if row.AnsweredOn != nil {
			answered = excelize.Cell{StyleID: dateStyle, Value: *row.AnsweredOn}
		}
		// Excel has no time zones: the Riga wall-clock time is what people expect to read.
		received := row.ReceivedAt.In(i18n.Riga)
		received = time.Date(received.Year(), received.Month(), received.Day(), received.Hour(), received.Minute(), 0, 0, time.UTC)
		cell, _ := excelize.CoordinatesToCellName(1, n+1)
		return sw.SetRow(cell, []any{
			row.RegNumber, excelize.Cell{StyleID: timeStyle, Value: received}, DocTypeName(ctx, row.DocType),
			ChannelName(ctx, row.Channel), listPerson(ctx, row), row.Subject, row.AddresseeName,
			StateName(ctx, row.State), excelize.Cell{StyleID: dateStyle, Value: row.DueDate}, days, answered,
		})
	}, func(n int, cut bool) error {
		if cut {
			cell, _ := excelize.CoordinatesToCellName(1, n+2)
			note := i18n.T(ctx, "petitions.list.export_cut", i18n.Number(XLSXMaxRows))
			if err := sw.SetRow(cell, []any{excelize.Cell{StyleID: bold, Value: note}}); err != nil {
				return err
			}
		}
		return sw.Flush()
	})
	if err != nil {
		web.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+exportName("xlsx", q.query.Now)+`"`)
	if err := book.Write(w); err != nil {
		slog.ErrorContext(ctx, "petitions xlsx export", "err", err)
	}
}

func listPtr[T any](v T) *T { return &v }
