package petitions

import (
	"context"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/search"
)

// Search is the registry's part of the one search across PR Desk: what the
// signed-in person may see (the list's Viewer) whose registration number
// starts with q, whose check code is q, or whose submitter's name has
// q's words (the list's name search, diacritic-blind), newest first, at
// most limit.
func (s *Store) Search(ctx context.Context, q string, limit int) ([]search.Hit, error) {
	q = strings.TrimSpace(q)
	now := s.now()
	v := ViewerOf(auth.UserFrom(ctx), now)
	if err := narrow(ctx, s.pool, &v); err != nil {
		return nil, err
	}
	code, err := s.IsCheckCode(ctx, q)
	if err != nil {
		return nil, err
	}
	var rows []ListRow
	var b pgx.Batch
	switch {
	case LooksLikeNumber(q):
		f := ListFilter{Number: q}
		if err := resolveNumber(ctx, s.pool, &f); err != nil {
			return nil, err
		}
		queueRows(&b, v, f, SortReceived, nil, limit, now, &rows)
	case code:
		var lq listQuery
		lq.scope(v)
		lq.add(`p.check_code = %s`, strings.ToUpper(q))
		b.Queue(`select `+listColumns+`, `+listExecutorsColumn+`
			from petitions p left join users u on u.id = p.addressee_id
			where `+lq.clause()+` order by p.received_at desc, p.id desc limit `+limitOf(limit), lq.args...).Query(func(r pgx.Rows) error {
			var err error
			rows, err = pgx.AppendRows(rows, r, scanListPageRow)
			return err
		})
	default:
		f := ListFilter{Name: q}
		n, _, err := lookUpName(ctx, s.pool, q)
		if err != nil {
			return nil, err
		}
		f.name = n
		queueRows(&b, v, f, SortReceived, nil, limit, now, &rows)
	}
	if err := s.pool.SendBatch(ctx, &b).Close(); err != nil {
		return nil, err
	}
	hits := make([]search.Hit, len(rows))
	for i, r := range rows {
		title := r.RegNumber
		if r.PersonName != "" && !r.Anonymous && !r.Removed {
			title += " · " + r.PersonName
		}
		hits[i] = search.Hit{Title: title, Detail: r.Subject, When: r.ReceivedAt,
			Link: "/petitions/" + strconv.FormatInt(r.ID, 10), Ref: r.RegNumber}
	}
	return hits, nil
}

// LooksLikeNumber tells whether q is (the start of) a registration number,
// "<case index>/<year>/<number>": a slash and a digit, and no space.
func LooksLikeNumber(q string) bool {
	return strings.Contains(q, "/") && strings.ContainsAny(q, "0123456789") && !strings.ContainsAny(q, " \t")
}

// LooksLikeCheckCode tells whether q is surely a check code as the status
// page takes it: eight of checkAlphabet's symbols, in either case, at
// least one a digit.
func LooksLikeCheckCode(q string) bool {
	return MayBeCheckCode(q) && strings.ContainsAny(q, "23456789")
}

// MayBeCheckCode tells whether q could be a check code: eight of
// checkAlphabet's symbols, in either case. A tenth of the codes have no
// digit, and those are words of eight letters too: IsCheckCode tells.
func MayBeCheckCode(q string) bool {
	if len(q) != 8 {
		return false
	}
	for _, c := range strings.ToUpper(q) {
		if !strings.ContainsRune(checkAlphabet, c) {
			return false
		}
	}
	return true
}

// IsCheckCode tells whether q is surely a check code, or one of eight
// letters that a submission has (whoever may see it).
func (s *Store) IsCheckCode(ctx context.Context, q string) (bool, error) {
	if LooksLikeCheckCode(q) || !MayBeCheckCode(q) {
		return LooksLikeCheckCode(q), nil
	}
	var found bool
	err := s.pool.QueryRow(ctx, `select exists (select 1 from petitions where check_code = $1)`, strings.ToUpper(q)).Scan(&found)
	return found, err
}
