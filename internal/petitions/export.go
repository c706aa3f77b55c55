package petitions

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/export"
	"github.com/daugavpils/prdesk/internal/form"
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

// exportLine is one row as text, for the CSV: dates as dd.mm.yyyy (no
// final dot, so that spreadsheets read them as dates); export.CSV
// neutralises what a person typed.
func exportLine(ctx context.Context, cal *calendar.Calendar, today time.Time, r ListRow) []string {
	days, answered := "", ""
	if r.State.Open() {
		days = strconv.Itoa(DaysLeft(cal, today, r.DueDate))
	}
	if r.AnsweredOn != nil {
		answered = export.Date(*r.AnsweredOn)
	}
	return []string{
		r.RegNumber, export.DateTime(r.ReceivedAt), DocTypeName(ctx, r.DocType),
		ChannelName(ctx, r.Channel), listPerson(ctx, r), r.Subject, r.AddresseeName,
		StateName(ctx, r.State), export.Date(r.DueDate), days, answered,
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
			Format: format, Query: filterQuery(form.URLValues(r)).Encode()},
		today: calendar.DateOf(now), cal: cal,
	}, true
}

func exportName(ext string, now time.Time) string {
	return "iesniegumi-" + now.In(i18n.Riga).Format("2006-01-02") + "." + ext
}

// exportCSV streams the rows as they come from the database, one at a
// time, so that a million rows stay small.
func (h *Handler) exportCSV(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q, ok := h.readExportRequest(w, r, "CSV")
	if !ok {
		return
	}
	var out *export.CSV
	// Headers go out only once the query has run, so a failing query still gets an error page.
	begin := func() error {
		if out != nil {
			return nil
		}
		export.Attach(w, export.CSVType, exportName("csv", q.query.Now))
		var err error
		if out, err = export.NewCSV(w); err != nil {
			return err
		}
		return out.Row(exportHeader(ctx)...)
	}
	n := 0
	err := h.store.Export(ctx, q.query, ExportWriter{
		Row: func(row ListRow) error {
			if err := begin(); err != nil {
				return err
			}
			n++
			return out.Row(exportLine(ctx, q.cal, q.today, row)...)
		},
		// The rows are all out before the audit entry that counts them.
		Finish: func(int, bool) error {
			if err := begin(); err != nil {
				return err
			}
			return out.Flush()
		},
	})
	if err != nil {
		if out == nil {
			web.Error(w, r, err)
		} else {
			slog.ErrorContext(ctx, "petitions csv export", "err", err, "rows", n)
		}
	}
}

// exportXLSX writes a spreadsheet through export.XLSX: its used range
// declared (the store counts the rows first), the municipality as author,
// real date cells. Text stays text: a cell typed "=1+1" is a string, never
// a formula.
func (h *Handler) exportXLSX(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q, ok := h.readExportRequest(w, r, "XLSX")
	if !ok {
		return
	}
	q.query.Limit = XLSXMaxRows
	var x *export.XLSX
	defer func() {
		if x != nil {
			x.Close()
		}
	}()
	err := h.store.Export(ctx, q.query, ExportWriter{
		Begin: func(n int, cut bool) error {
			rows := n
			if cut {
				rows++ // the note
			}
			var err error
			x, err = export.NewXLSX(i18n.T(ctx, "petitions.list.sheet"), i18n.T(ctx, "petitions.title"), q.query.Now, exportHeader(ctx), rows)
			if err != nil {
				return err
			}
			if err := x.Width(1, 2, 16); err != nil {
				return err
			}
			return x.Width(5, 6, 32)
		},
		Row: func(row ListRow) error {
			var days, answered any
			if row.State.Open() {
				days = DaysLeft(q.cal, q.today, row.DueDate)
			}
			if row.AnsweredOn != nil {
				answered = x.Date(*row.AnsweredOn)
			}
			return x.Row(row.RegNumber, x.DateTime(row.ReceivedAt), DocTypeName(ctx, row.DocType),
				ChannelName(ctx, row.Channel), listPerson(ctx, row), row.Subject, row.AddresseeName,
				StateName(ctx, row.State), x.Date(row.DueDate), days, answered)
		},
		Finish: func(n int, cut bool) error {
			if cut {
				return x.Note(i18n.T(ctx, "petitions.list.export_cut", i18n.Number(XLSXMaxRows)))
			}
			return nil
		},
	})
	if err != nil {
		web.Error(w, r, err)
		return
	}
	export.Attach(w, export.XLSXType, exportName("xlsx", q.query.Now))
	if _, err := x.WriteTo(w); err != nil {
		slog.ErrorContext(ctx, "petitions xlsx export", "err", err)
	}
}
