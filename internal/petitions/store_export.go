package petitions

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/db"
)

// ExportQuery is what an export takes out of the registry.
type ExportQuery struct {
	Viewer Viewer
	Filter ListFilter
	Sort   string
	Now    time.Time // for "overdue"
	Limit  int       // at most this many rows; 0: every one
	// Format ("CSV", "XLSX") and Query (the filters as the list's query
	// string) say in the audit log what was taken out.
	Format string
	Query  string
}

// ExportWriter takes an export's rows.
type ExportWriter struct {
	// Begin, when set, is called before the first row with how many rows
	// follow (at most Limit) and whether Limit cut them: a spreadsheet
	// declares its range before its rows.
	Begin func(n int, cut bool) error
	// Row takes each row in sort order, one at a time.
	Row func(ListRow) error
	// Finish, when set, is called after the last row with the count and
	// whether Limit cut the rows.
	Finish func(n int, cut bool) error
}

// Export gives each row x asks for to w.Row, in sort order and one at a
// time (an export of a million rows stays small), and writes who took which
// rows out of the registry to the audit log: the export carries personal
// data. It is one transaction, so the entry follows the rows it counts; an
// error from w (the file could not be written) logs nothing. The
// transaction is repeatable read, so that the rows Begin is told of are the
// rows that follow.
func (s *Store) Export(ctx context.Context, x ExportQuery, w ExportWriter) error {
	return pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead}, func(tx pgx.Tx) error {
		// Once for the count and the rows both.
		if err := narrow(ctx, tx, &x.Viewer); err != nil {
			return err
		}
		if x.Filter.Forward == ForwardSoon {
			cal, err := s.calendar.Load(ctx, tx)
			if err != nil {
				return err
			}
			x.Filter.resolveForward(cal, x.Now)
		}
		n, cut := 0, false
		limit := 0
		if x.Limit > 0 {
			limit = x.Limit + 1
		}
		if w.Begin != nil {
			count, err := countRows(ctx, tx, x.Viewer, x.Filter, limit, x.Now)
			if err != nil {
				return err
			}
			if x.Limit > 0 && count > x.Limit {
				count, cut = x.Limit, true
			}
			if err := w.Begin(count, cut); err != nil {
				return err
			}
		}
		cut = false
		err := stream(ctx, tx, x.Viewer, x.Filter, x.Sort, limit, x.Now, func(r ListRow) error {
			if x.Limit > 0 && n == x.Limit {
				cut = true
				return nil
			}
			n++
			return w.Row(r)
		})
		if err != nil {
			return err
		}
		if w.Finish != nil {
			if err := w.Finish(n, cut); err != nil {
				return err
			}
		}
		// The filter may be a name or a personal code typed into the
		// search: it goes into the details, not into the summary.
		filter, filtered := x.Query, "ar atlasi"
		if filter == "" {
			filter, filtered = "bez atlases", "bez atlases"
		}
		stopped := ""
		if cut {
			stopped = fmt.Sprintf(" (apturēts pēc %d rindām)", n)
		}
		return record(ctx, tx, "petition", "list", "export",
			map[string]any{"format": x.Format, "filter": filter, "rows": n, "cut": cut},
			"Iesniegumu saraksta eksports %s: %d rindas, %s%s", x.Format, n, filtered, stopped)
	})
}

// countRows counts the submissions v may see that match f, up to limit
// when limit > 0.
func countRows(ctx context.Context, q db.Querier, v Viewer, f ListFilter, limit int, now time.Time) (int, error) {
	if err := narrow(ctx, q, &v); err != nil {
		return 0, err
	}
	if err := resolveName(ctx, q, &f); err != nil {
		return 0, err
	}
	if err := resolveNumber(ctx, q, &f); err != nil {
		return 0, err
	}
	var b listQuery
	b.scope(v)
	b.filter(f, listToday(now))
	b.nameCondition(f)
	sql := `select 1 from petitions p left join users u on u.id = p.addressee_id where ` + b.clause()
	if limit > 0 {
		sql += ` limit ` + limitOf(limit)
	}
	var n int
	err := q.QueryRow(ctx, `select count(*) from (`+sql+`) x`, b.args...).Scan(&n)
	return n, err
}

// stream calls fn for every submission v may see that match f, in sort
// order, holding one row at a time: exports of a million rows stay small.
// It stops after limit rows when limit > 0.
func stream(ctx context.Context, q db.Querier, v Viewer, f ListFilter, sort string, limit int, now time.Time, fn func(ListRow) error) error {
	if err := narrow(ctx, q, &v); err != nil {
		return err
	}
	if err := resolveName(ctx, q, &f); err != nil {
		return err
	}
	if err := resolveNumber(ctx, q, &f); err != nil {
		return err
	}
	var b listQuery
	b.scope(v)
	b.filter(f, listToday(now))
	b.nameCondition(f)
	sql := `select ` + listColumns + `
		from petitions p left join users u on u.id = p.addressee_id
		where ` + b.clause() + ` order by ` + b.order(sort, nil)
	if limit > 0 {
		sql += ` limit ` + limitOf(limit)
	}
	rows, err := q.Query(ctx, sql, b.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanListRow(rows)
		if err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}
