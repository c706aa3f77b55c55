package contacts

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
)

// ExportQuery is what an export of the directory's list writes: the list's
// filter, the file's format, and the filter in words for the audit log.
type ExportQuery struct {
	Filter ListFilter
	Format string // "CSV", "XLSX", "vCard 3.0", "vCard 4.0"
	// Words is the filter as the audit log's summary says it, without what
	// was typed into the search (a name); Query is the filter's query
	// string, which goes into the details.
	Words string
	Query string
	Limit int // rows at most, 0 for all; past it the export is cut
}

// ExportRow is one contact as the exports write it: the stored contact and
// a person's current organisation.
type ExportRow struct {
	Contact
	OrgName string
}

// ExportWriter receives an export's rows: Begin (when set) first, with the
// number of rows that will follow and whether the export was cut to
// Limit; then each row; then Finish (when set).
type ExportWriter struct {
	Begin  func(n int, cut bool) error
	Row    func(ExportRow) error
	Finish func(n int, cut bool) error
}

// Export streams the contacts the filter finds, in the list's order, from
// one snapshot of the directory (so the count Begin is given is the rows
// that follow). Who took how many is in the audit log before the first row
// leaves: an export the reader cuts half way has still been taken. Merged
// records are never exported; those who opted out of mailings are, marked
// so.
func (s *Store) Export(ctx context.Context, x ExportQuery, w ExportWriter) error {
	// One connection for both transactions: a request that held one
	// while it waited for a second could, with enough exports at once,
	// leave the pool to none.
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	var where query
	x.Filter.where(&where)
	count := func(tx pgx.Tx) (n int, cut bool, err error) {
		err = tx.QueryRow(ctx, `select count(*) from contacts c where c.merged_into is null`+where.String(), where.args...).Scan(&n)
		if x.Limit > 0 && n > x.Limit {
			n, cut = x.Limit, true
		}
		return n, cut, err
	}
	err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		n, cut, err := count(tx)
		if err != nil {
			return err
		}
		return auditExport(ctx, tx, x, n, cut)
	})
	if err != nil {
		return err
	}
	return pgx.BeginTxFunc(ctx, conn, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		// Counted again in the snapshot the rows come from; an edit in
		// between may make it differ from the audit entry's by a row.
		n, cut, err := count(tx)
		if err != nil {
			return err
		}
		args := where.args
		if w.Begin != nil {
			if err := w.Begin(n, cut); err != nil {
				return err
			}
		}
		q := `select ` + contactColumns + `, coalesce(o.name, '')` + contactFrom + `
			left join lateral (
			    select o.name from contact_memberships m join contacts o on o.id = m.org_id
			    where c.kind = 'person' and m.person_id = c.id and m.ends_on is null
			    order by m.starts_on desc nulls last, m.id desc limit 1) o on true
			where c.merged_into is null` + where.String() + ` order by c.sort_key, c.id`
		if x.Limit > 0 {
			args = append(args, x.Limit)
			q += " limit $" + strconv.Itoa(len(args))
		}
		rows, err := tx.Query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		written := 0
		for rows.Next() {
			var r ExportRow
			c, err := scanContact(scanWithOrg{rows, &r.OrgName})
			if err != nil {
				return err
			}
			r.Contact = c
			written++
			if err := w.Row(r); err != nil {
				return err
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if w.Finish != nil {
			return w.Finish(written, cut)
		}
		return nil
	})
}

// auditExport records an export of n rows, in a transaction committed
// before the export's first row is written.
func auditExport(ctx context.Context, tx pgx.Tx, x ExportQuery, n int, cut bool) error {
	words, query := x.Words, x.Query
	if words == "" {
		words = "bez atlases"
	}
	stopped := ""
	if cut {
		stopped = fmt.Sprintf(" (apturēts pēc %d rindām)", n)
	}
	return audit.Record(ctx, tx, audit.Entry{Entity: "contact", EntityID: "list", Action: "export",
		Summary: fmt.Sprintf("Kontaktu saraksta eksports %s: %d rindas; %s%s", x.Format, n, words, stopped),
		Details: map[string]any{"format": x.Format, "filter": query, "rows": n, "cut": cut}})
}

// scanWithOrg scans a contact's columns and then the organisation's name.
type scanWithOrg struct {
	row pgx.Row
	org *string
}

func (s scanWithOrg) Scan(dest ...any) error { return s.row.Scan(append(dest, s.org)...) }
