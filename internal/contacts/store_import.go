package contacts

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
)

// An import is held in contact_imports between its upload and its save:
// Stage checks every row (Classify) and keeps the verdicts, the preview
// pages through them, Remap checks again with other columns, and Confirm
// checks once more and saves the new rows, all in one transaction.

// ImportLifetime is how long an uploaded file waits for its save.
const ImportLifetime = 24 * time.Hour

// Import is an uploaded file as the preview shows it.
type Import struct {
	ID        int64
	Token     string
	FileName  string
	Format    string
	Encoding  string
	Separator string
	Headers   []string
	Mapping   []string
	Rows      int
	New       int
	Duplicate int
	Invalid   int
	NewOrgs   int
	ExpiresAt time.Time
}

// PreviewRow is one row of the file with its verdict.
type PreviewRow struct {
	N     int
	Line  int
	Cells []string
	Verdict
}

// ErrImportGone is an import that is no longer there: saved, discarded,
// expired, or another account's.
var ErrImportGone = fmt.Errorf("contacts: import gone: %w", errs.NotFound)

// Stage keeps an uploaded file for user and checks its rows; it returns
// the token the preview is opened with. Imports past their time are swept
// first.
func (s *Store) Stage(ctx context.Context, user int64, fileName string, pf ParsedFile) (string, error) {
	token := rand.Text()
	now := s.now()
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `delete from contact_imports where expires_at < $1`, now); err != nil {
			return err
		}
		var id int64
		err := tx.QueryRow(ctx, `
			insert into contact_imports (token, user_id, file_name, format, encoding, separator, headers, mapping, row_count, created_at, expires_at)
			values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id`,
			token, user, truncate(fileName, 255), pf.Format, pf.Encoding, pf.Separator, pf.Headers, pf.Mapping, len(pf.Rows),
			now, now.Add(ImportLifetime)).Scan(&id)
		if err != nil {
			return err
		}
		return s.checkAndKeep(ctx, tx, id, len(pf.Headers), pf.Mapping, pf.Rows, true)
	})
	return token, err
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

// checkAndKeep checks rows and writes their verdicts and the counts.
func (s *Store) checkAndKeep(ctx context.Context, tx pgx.Tx, id int64, headers int, mapping []string, rows []ImportRow, fresh bool) error {
	res, err := classify(ctx, tx, headers, mapping, rows)
	if err != nil {
		return err
	}
	if !fresh {
		if _, err := tx.Exec(ctx, `delete from contact_import_rows where import_id = $1`, id); err != nil {
			return err
		}
	}
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"contact_import_rows"},
		[]string{"import_id", "n", "line", "cells", "verdict", "reason", "reason_args", "match_id", "match_row", "match_name"},
		pgx.CopyFromSlice(len(rows), func(i int) ([]any, error) {
			v := res.verdicts[i]
			var matchID *int64
			var matchRow *int32
			if v.MatchID != 0 {
				matchID = &v.MatchID
			}
			if v.MatchRow != 0 {
				m := int32(v.MatchRow)
				matchRow = &m
			}
			return []any{id, int32(rows[i].N), int32(rows[i].Line), rows[i].Cells, v.Verdict, v.Reason, nonNil(v.Args),
				matchID, matchRow, truncate(v.MatchName, 300)}, nil
		}))
	if err != nil {
		return err
	}
	n := res.counts()
	_, err = tx.Exec(ctx, `update contact_imports set mapping = $2, new_rows = $3, duplicate_rows = $4, invalid_rows = $5, new_orgs = $6 where id = $1`,
		id, mapping, n[VerdictNew], n[VerdictDuplicate], n[VerdictInvalid], len(res.newOrgs))
	return err
}

// checked is what Classify found: each row read, its verdict, the
// directory's organisations the file names, and those the save would add.
type checked struct {
	rows     []importedRow
	verdicts []Verdict
	orgIDs   map[string]int64 // a folded organisation name → the directory's organisation
	newOrgs  []string         // organisations people work for that neither the directory nor the file has
}

func (c checked) counts() map[string]int {
	n := map[string]int{}
	for _, v := range c.verdicts {
		n[v.Verdict]++
	}
	return n
}

func foldKey(s string) string { return strings.Join(Fold(s), " ") }

// classify reads every row through the mapping and checks it: invalid
// rows with their reason; duplicates of a row before them in the file;
// duplicates of the directory by the rules of Duplicates (the same
// e-mail, the same phone, a similar name within one organisation), each
// rule one query for the whole file.
func classify(ctx context.Context, q db.Querier, headers int, mapping []string, rows []ImportRow) (checked, error) {
	v := newImportVocab()
	c := checked{rows: make([]importedRow, len(rows)), verdicts: make([]Verdict, len(rows)), orgIDs: map[string]int64{}}
	ns := make([]int, len(rows))
	for i, r := range rows {
		c.rows[i], c.verdicts[i] = readImportRow(v, mapping, headers, r)
		ns[i] = r.N
	}
	inFileDuplicates(c.rows, c.verdicts, ns)
	if err := directoryDuplicates(ctx, q, &c); err != nil {
		return c, err
	}
	// Organisations people work for: the directory's, the file's own
	// (new) organisations, or new ones the save adds.
	inFile := map[string]bool{}
	for i, r := range c.rows {
		if c.verdicts[i].Verdict == VerdictNew && r.C.Kind == Organisation {
			inFile[foldKey(r.C.Name)] = true
		}
	}
	seen := map[string]bool{}
	for i, r := range c.rows {
		k := foldKey(r.Org)
		if c.verdicts[i].Verdict != VerdictNew || r.C.Kind != Person || k == "" || c.orgIDs[k] != 0 || inFile[k] || seen[k] {
			continue
		}
		seen[k] = true
		c.newOrgs = append(c.newOrgs, r.Org)
	}
	return c, nil
}

// directoryDuplicates marks the rows still new that the directory already
// holds.
func directoryDuplicates(ctx context.Context, q db.Querier, c *checked) error {
	var emails, phones, orgs []string
	seenOrg := map[string]bool{}
	for i, r := range c.rows {
		if c.verdicts[i].Verdict != VerdictNew {
			continue
		}
		emails = append(emails, r.C.Emails...)
		phones = append(phones, r.C.Phones...)
		if r.Org != "" && !seenOrg[r.Org] {
			seenOrg[r.Org] = true
			orgs = append(orgs, r.Org)
		}
	}
	type match struct {
		id   int64
		name string
	}
	byKey := func(sql string, keys []string) (map[string]match, error) {
		out := map[string]match{}
		if len(keys) == 0 {
			return out, nil
		}
		rows, err := q.Query(ctx, sql, keys)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var key, kind, name string
			var id int64
			if err := rows.Scan(&key, &kind, &id, &name); err != nil {
				return nil, err
			}
			if _, ok := out[kind+"|"+key]; !ok {
				out[kind+"|"+key] = match{id, name}
			}
		}
		return out, rows.Err()
	}
	byEmail, err := byKey(`
		select e, d.kind, d.id, d.name from contacts d cross join lateral unnest(d.emails) e
		where d.merged_into is null and d.emails && $1 and e = any($1) order by d.sort_key, d.id`, emails)
	if err != nil {
		return err
	}
	byPhone, err := byKey(`
		select p, d.kind, d.id, d.name from contacts d cross join lateral unnest(d.phones) p
		where d.merged_into is null and d.phones && $1 and p = any($1) order by d.sort_key, d.id`, phones)
	if err != nil {
		return err
	}
	// The directory's organisations the file names, by their name or
	// original name as folded.
	if len(orgs) > 0 {
		rows, err := q.Query(ctx, `
			select raw, (select d.id from contacts d
			             where d.kind = 'organisation' and d.merged_into is null
			               and d.search like '% ' || contact_fold(raw) || ' %'
			               and (contact_fold(d.name) = contact_fold(raw) or contact_fold(d.name_original) = contact_fold(raw))
			             order by d.id limit 1)
			from unnest($1::text[]) raw where contact_fold(raw) <> ''`, orgs)
		if err != nil {
			return err
		}
		for rows.Next() {
			var raw string
			var id *int64
			if err := rows.Scan(&raw, &id); err != nil {
				rows.Close()
				return err
			}
			if id != nil {
				c.orgIDs[foldKey(raw)] = *id
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	// Similar names: a person among the current people of the same
	// organisation, an organisation among organisations.
	var pn, on []int32
	var pname, oname []string
	var porg []int64
	for i, r := range c.rows {
		if c.verdicts[i].Verdict != VerdictNew {
			continue
		}
		if r.C.Kind == Person {
			if id := c.orgIDs[foldKey(r.Org)]; id != 0 {
				pn, pname, porg = append(pn, int32(i)), append(pname, r.C.Name), append(porg, id)
			}
		} else {
			on, oname = append(on, int32(i)), append(oname, r.C.Name)
		}
	}
	byName := map[int]match{}
	scanNames := func(rows pgx.Rows, err error) error {
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var i int32
			var m match
			if err := rows.Scan(&i, &m.id, &m.name); err != nil {
				return err
			}
			byName[int(i)] = m
		}
		return rows.Err()
	}
	if len(pn) > 0 {
		err := scanNames(q.Query(ctx, `
			select r.i, d.id, d.name
			from unnest($1::int[], $2::text[], $3::bigint[]) r(i, name, org)
			cross join lateral (
			    select d.id, d.name from contact_memberships m join contacts d on d.id = m.person_id
			    where m.org_id = r.org and m.ends_on is null and d.merged_into is null and d.kind = 'person'
			      and similarity(contact_fold(d.name), contact_fold(r.name)) >= $4
			    order by d.sort_key, d.id limit 1) d`, pn, pname, porg, SimilarName))
		if err != nil {
			return err
		}
	}
	if len(on) > 0 {
		err := scanNames(q.Query(ctx, `
			select r.i, d.id, d.name
			from unnest($1::int[], $2::text[]) r(i, name)
			cross join lateral (
			    select d.id, d.name from contacts d
			    where d.kind = 'organisation' and d.merged_into is null
			      and d.search like '% ' || contact_fold(r.name) || ' %'
			      and similarity(contact_fold(d.name), contact_fold(r.name)) >= $3
			    order by d.sort_key, d.id limit 1) d
			where contact_fold(r.name) <> ''`, on, oname, SimilarName))
		if err != nil {
			return err
		}
	}
	for i, r := range c.rows {
		if c.verdicts[i].Verdict != VerdictNew {
			continue
		}
		kind := string(r.C.Kind) + "|"
		var m match
		reason := ""
		for _, e := range r.C.Emails {
			if x, ok := byEmail[kind+e]; ok && reason == "" {
				m, reason = x, "dup_email"
			}
		}
		for _, p := range r.C.Phones {
			if x, ok := byPhone[kind+p]; ok && reason == "" {
				m, reason = x, "dup_phone"
			}
		}
		if x, ok := byName[i]; ok && reason == "" {
			m, reason = x, "dup_name"
		}
		if reason != "" {
			c.verdicts[i] = Verdict{Verdict: VerdictDuplicate, Reason: reason, MatchID: m.id, MatchName: m.name}
		}
	}
	return nil
}

// OpenImport reads user's import by its token; ErrImportGone when it is
// not there (or past its time).
func (s *Store) OpenImport(ctx context.Context, user int64, token string) (Import, error) {
	return openImport(ctx, s.pool, user, token, s.now(), false)
}

func openImport(ctx context.Context, q db.Querier, user int64, token string, now time.Time, lock bool) (Import, error) {
	var im Import
	if token == "" || len(token) > 64 {
		return im, ErrImportGone
	}
	sql := `select id, token, file_name, format, encoding, separator, headers, mapping, row_count, new_rows, duplicate_rows,
		       invalid_rows, new_orgs, expires_at
		from contact_imports where token = $1 and user_id = $2 and expires_at > $3`
	if lock {
		sql += ` for update`
	}
	err := q.QueryRow(ctx, sql, token, user, now).Scan(&im.ID, &im.Token, &im.FileName, &im.Format, &im.Encoding, &im.Separator,
		&im.Headers, &im.Mapping, &im.Rows, &im.New, &im.Duplicate, &im.Invalid, &im.NewOrgs, &im.ExpiresAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return im, ErrImportGone
	}
	return im, err
}

// PreviewPage reads the rows of an import after row n (keyset), of one
// verdict when verdict is not empty; more tells whether rows follow.
func (s *Store) PreviewPage(ctx context.Context, id int64, after int, verdict string, limit int) (rows []PreviewRow, more bool, err error) {
	r, _ := s.pool.Query(ctx, `
		select n, line, cells, verdict, reason, reason_args, coalesce(match_id, 0), coalesce(match_row, 0), match_name
		from contact_import_rows where import_id = $1 and n > $2 and ($3 = '' or verdict = $3)
		order by n limit $4`, id, after, verdict, limit+1)
	rows, err = pgx.CollectRows(r, func(r pgx.CollectableRow) (PreviewRow, error) {
		var p PreviewRow
		err := r.Scan(&p.N, &p.Line, &p.Cells, &p.Verdict.Verdict, &p.Reason, &p.Args, &p.MatchID, &p.MatchRow, &p.MatchName)
		return p, err
	})
	if len(rows) > limit {
		rows, more = rows[:limit], true
	}
	return rows, more, err
}

// importRows reads every row of an import, in order.
func importRows(ctx context.Context, q db.Querier, id int64) ([]ImportRow, error) {
	r, _ := q.Query(ctx, `select n, line, cells from contact_import_rows where import_id = $1 order by n`, id)
	return pgx.CollectRows(r, func(r pgx.CollectableRow) (ImportRow, error) {
		var x ImportRow
		err := r.Scan(&x.N, &x.Line, &x.Cells)
		return x, err
	})
}

// Remap checks the import's rows again with another mapping of its columns.
func (s *Store) Remap(ctx context.Context, user int64, token string, mapping []string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		im, err := openImport(ctx, tx, user, token, s.now(), true)
		if err != nil {
			return err
		}
		if len(mapping) != len(im.Headers) {
			return fmt.Errorf("contacts: mapping of %d columns for %d: %w", len(mapping), len(im.Headers), errs.Invalid)
		}
		rows, err := importRows(ctx, tx, im.ID)
		if err != nil {
			return err
		}
		return s.checkAndKeep(ctx, tx, im.ID, len(im.Headers), mapping, rows, false)
	})
}

// Discard removes an import unsaved.
func (s *Store) Discard(ctx context.Context, user int64, token string) error {
	tag, err := s.pool.Exec(ctx, `delete from contact_imports where token = $1 and user_id = $2`, token, user)
	if err == nil && tag.RowsAffected() == 0 {
		return ErrImportGone
	}
	return err
}

// ImportOptions are what the preview asks for the people being imported:
// why the department keeps them and where their data came from, and the
// type of the organisations the save adds for them.
type ImportOptions struct {
	LegalBasis  LegalBasis
	ConsentDate *time.Time
	Source      string
	OrgType     OrgType
}

// ImportResult is what a confirmed import saved.
type ImportResult struct {
	People, Orgs, NewOrgs, Memberships, Duplicate, Invalid int
}

// Saved is every contact the import added.
func (r ImportResult) Saved() int { return r.People + r.Orgs + r.NewOrgs }

// Confirm checks the import once more and saves its new rows: the file's
// organisations, the organisations its people work for that the directory
// lacks, the people, and their places in the organisations, in one
// transaction with one audit entry of the counts; the staged file goes.
// Duplicates and invalid rows are not saved. A second confirm of the same
// import finds it gone.
func (s *Store) Confirm(ctx context.Context, user int64, token string, o ImportOptions) (ImportResult, error) {
	var res ImportResult
	now := s.now()
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		im, err := openImport(ctx, tx, user, token, now, true)
		if err != nil {
			return err
		}
		rows, err := importRows(ctx, tx, im.ID)
		if err != nil {
			return err
		}
		c, err := classify(ctx, tx, len(im.Headers), im.Mapping, rows)
		if err != nil {
			return err
		}
		n := c.counts()
		res.Duplicate, res.Invalid = n[VerdictDuplicate], n[VerdictInvalid]
		key := func(kind string, i int) string { return "imp" + token[:min(len(token), 26)] + kind + strconv.Itoa(i) }
		actor := audit.ActorID(ctx)
		var optOutAt = func(c Contact) *time.Time {
			if c.OptOut {
				return &now
			}
			return nil
		}
		// The file's organisations, then those its people need.
		var orgs []Contact
		var orgKeys []string
		for i, r := range c.rows {
			if c.verdicts[i].Verdict == VerdictNew && r.C.Kind == Organisation {
				orgs = append(orgs, r.C)
				orgKeys = append(orgKeys, key("o", rows[i].N))
			}
		}
		res.Orgs = len(orgs)
		for i, name := range c.newOrgs {
			orgs = append(orgs, Contact{Kind: Organisation, Name: name, OrgType: o.OrgType, Country: "LV", Active: true})
			orgKeys = append(orgKeys, key("n", i+1))
		}
		res.NewOrgs = len(c.newOrgs)
		var people []Contact
		var peopleKeys []string
		var peopleOrg []string
		for i, r := range c.rows {
			if c.verdicts[i].Verdict == VerdictNew && r.C.Kind == Person {
				p := r.C
				p.LegalBasis, p.ConsentDate, p.Source = o.LegalBasis, o.ConsentDate, o.Source
				people = append(people, p)
				peopleKeys = append(peopleKeys, key("p", rows[i].N))
				peopleOrg = append(peopleOrg, r.Org)
			}
		}
		res.People = len(people)
		copyContacts := func(cs []Contact, keys []string) (map[string]int64, error) {
			if len(cs) == 0 {
				return map[string]int64{}, nil
			}
			_, err := tx.CopyFrom(ctx, pgx.Identifier{"contacts"},
				[]string{"kind", "name", "given_name", "family_name", "name_original", "org_type", "country", "city", "address",
					"website", "active", "position", "emails", "phones", "tags", "notes", "legal_basis", "consent_date", "source",
					"opt_out", "opt_out_at", "idempotency_key", "created_by", "created_at", "updated_at"},
				pgx.CopyFromSlice(len(cs), func(i int) ([]any, error) {
					c := cs[i]
					return []any{string(c.Kind), c.Name, c.GivenName, c.FamilyName, c.NameOriginal, nilIfEmpty(c.OrgType), c.Country,
						c.City, c.Address, c.Website, c.Active, c.Position, nonNil(c.Emails), nonNil(c.Phones), nonNil(c.Tags), c.Notes,
						nilIfEmpty(c.LegalBasis), c.ConsentDate, c.Source, c.OptOut, optOutAt(c), keys[i], actor, now, now}, nil
				}))
			if err != nil {
				return nil, err
			}
			ids := map[string]int64{}
			// A join, not "= any($1)": the planner may read the whole table and
			// look through the array for each row.
			r, _ := tx.Query(ctx, `select c.idempotency_key, c.id from unnest($1::text[]) k(key) join contacts c on c.idempotency_key = k.key`, keys)
			defer r.Close()
			for r.Next() {
				var k string
				var id int64
				if err := r.Scan(&k, &id); err != nil {
					return nil, err
				}
				ids[k] = id
			}
			return ids, r.Err()
		}
		orgIDs, err := copyContacts(orgs, orgKeys)
		if err != nil {
			return err
		}
		for i, org := range orgs {
			if k := foldKey(org.Name); c.orgIDs[k] == 0 {
				c.orgIDs[k] = orgIDs[orgKeys[i]]
			}
		}
		personIDs, err := copyContacts(people, peopleKeys)
		if err != nil {
			return err
		}
		var members [][]any
		for i, k := range peopleKeys {
			if org := c.orgIDs[foldKey(peopleOrg[i])]; org != 0 && peopleOrg[i] != "" {
				members = append(members, []any{personIDs[k], org, "", calendar.DateOf(now)})
			}
		}
		res.Memberships = len(members)
		if len(members) > 0 {
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{"contact_memberships"}, []string{"person_id", "org_id", "role", "starts_on"},
				pgx.CopyFromRows(members)); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `delete from contact_imports where id = $1`, im.ID); err != nil {
			return err
		}
		format := "CSV"
		if im.Format == FormatVCard {
			format = "vCard"
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "contact_import", EntityID: im.ID, Action: "import",
			Summary: fmt.Sprintf("Kontaktu imports no %s faila: pievienotas %d personas un %d organizācijas (no tām %d personu darbavietas); nesaglabātas %d dublikātu un %d kļūdainas rindas",
				format, res.People, res.Orgs+res.NewOrgs, res.NewOrgs, res.Duplicate, res.Invalid),
			Details: map[string]any{"format": im.Format, "encoding": im.Encoding, "rows": len(rows), "people": res.People,
				"organisations": res.Orgs, "new_organisations": res.NewOrgs, "memberships": res.Memberships,
				"duplicates": res.Duplicate, "invalid": res.Invalid, "legal_basis": o.LegalBasis}})
	})
	return res, err
}
