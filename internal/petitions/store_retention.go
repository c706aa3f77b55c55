package petitions

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/db"
)

// retentionDueAt lists the submissions due at asOf, by case and number. A
// submission is finished when closed (closed_at), or forwarded, left
// unexamined or joined (no later step changes it, so updated_at is when).
// Cases kept permanently are never due. One query a case, with the case's
// cutoff as a value, so each is a range of petitions_retention_idx (whose
// condition the query repeats) and not a pass over the whole registry.
func (s *Store) retentionDueAt(ctx context.Context, asOf time.Time) ([]retentionDue, error) {
	q := s.pool
	rows, _ := q.Query(ctx, `select id, case_index, title, retention_years, null::bigint as responsible_id,
			'' as responsible, active, version
		from doc_cases where retention_years is not null order by case_index collate "lv-x-icu"`)
	cases, err := pgx.CollectRows(rows, pgx.RowToStructByName[Case])
	if err != nil {
		return nil, err
	}
	var out []retentionDue
	for _, c := range cases {
		rows, _ := q.Query(ctx, `
			select p.id, p.reg_number, p.case_id, $3 as case_index, $4 as case_title, $5::int as retention_years,
			       coalesce(p.closed_at, p.updated_at) as ended_at,
			       (select count(*) from petition_files f where f.petition_id = p.id)::int as files
			from petitions p
			where p.case_id = $1
			  and p.personal_data_removed_at is null
			  and p.state in ('closed', 'forwarded', 'unexamined', 'joined')
			  and coalesce(p.closed_at, p.updated_at) < $2
			order by p.reg_year, p.reg_seq`,
			c.ID, retentionCutoff(asOf, *c.RetentionYears), c.CaseIndex, c.Title, *c.RetentionYears)
		due, err := pgx.CollectRows(rows, pgx.RowToStructByName[retentionDue])
		if err != nil {
			return nil, err
		}
		out = append(out, due...)
	}
	return out, nil
}

// RetentionResult is what one run removed.
type RetentionResult struct {
	Petitions int
	Files     int
	Numbers   []string
}

// RemoveExpiredPersonalData removes the personal data of every submission
// due at asOf, attributed to the user of ctx or to the system. It is a
// batch of use cases rather than one: each submission is its own
// transaction with its own audit entry and timeline event (a first run can
// be thousands, and a failure leaves the others done), and the run's
// figures are one more entry at the end.
func (s *Store) RemoveExpiredPersonalData(ctx context.Context, asOf time.Time) (RetentionResult, error) {
	var res RetentionResult
	due, err := s.retentionDueAt(ctx, asOf)
	if err != nil {
		return res, err
	}
	for _, d := range due {
		var done bool
		var nfiles int
		err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
			var err error
			done, nfiles, err = s.removePersonalData(ctx, tx, d)
			return err
		})
		if err != nil {
			return res, fmt.Errorf("removing personal data of %s: %w", d.RegNumber, err)
		}
		if done {
			res.Petitions++
			res.Files += nfiles
			res.Numbers = append(res.Numbers, d.RegNumber)
		}
	}
	if res.Petitions == 0 {
		return res, nil
	}
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		return record(ctx, tx, "petition_retention", "", "run",
			map[string]any{"as_of": asOf, "reg_numbers": res.Numbers, "files": res.Files},
			"Glabāšanas termiņiem beidzoties, personas dati dzēsti %d iesniegumiem, faili: %d", res.Petitions, res.Files)
	})
	return res, err
}

// removedFieldNames name the removed fields in the audit log's Latvian.
var removedFieldNames = map[string]string{
	"person_name": "vārds un uzvārds", "person_code": "personas kods", "person_address": "adrese",
	"person_email": "e-pasts", "person_phone": "tālrunis", "summary": "izklāsts",
	"answer_text": "atbildes teksts", "mail": "e-pasta vēstuļu adresāts un teksts",
}

// removePersonalData removes one submission's personal data inside tx. It
// reports false when another run got there first.
func (s *Store) removePersonalData(ctx context.Context, tx pgx.Tx, d retentionDue) (bool, int, error) {
	at := s.now()
	var st struct {
		Removed                                bool
		Name, Code, Address, Email, Phone, Sum bool
	}
	err := tx.QueryRow(ctx, `select personal_data_removed_at is not null, person_name <> '', person_code <> '',
			person_address <> '', person_email <> '', person_phone <> '', summary <> ''
		from petitions where id = $1 for update`, d.ID).
		Scan(&st.Removed, &st.Name, &st.Code, &st.Address, &st.Email, &st.Phone, &st.Sum)
	if err != nil {
		return false, 0, err
	}
	if st.Removed {
		return false, 0, nil
	}
	var fields []string
	for _, f := range []struct {
		had  bool
		name string
	}{{st.Name, "person_name"}, {st.Code, "person_code"}, {st.Address, "person_address"},
		{st.Email, "person_email"}, {st.Phone, "person_phone"}, {st.Sum, "summary"}} {
		if f.had {
			fields = append(fields, f.name)
		}
	}
	if _, err := tx.Exec(ctx, `update petitions set person_name = '', person_code = '', person_address = '',
			person_email = '', person_phone = '', summary = '', personal_data_removed_at = $2,
			version = version + 1, updated_at = $2
		where id = $1`, d.ID, at); err != nil {
		return false, 0, err
	}
	tag, err := tx.Exec(ctx, `update petition_answers set body = '', updated_at = $2 where petition_id = $1 and body <> ''`, d.ID, at)
	if err != nil {
		return false, 0, err
	}
	if tag.RowsAffected() > 0 {
		fields = append(fields, "answer_text")
	}
	// The outbox keeps what was sent and whether it went; whom to and what it said go.
	rows, _ := tx.Query(ctx, `update mail_outbox set to_address = 'dzēsts', to_name = '', body_text = '', last_error = '',
			updated_at = $2
		where entity = 'petition' and entity_id = $1 and to_address <> 'dzēsts' returning id`, strconv.FormatInt(d.ID, 10), at)
	outbox, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return false, 0, err
	}
	if len(outbox) > 0 {
		fields = append(fields, "mail")
	}

	// The rows go now, the blobs with the next sweep once nothing else holds the same bytes.
	rows, _ = tx.Query(ctx, `delete from petition_files where petition_id = $1 returning file_id, kind`, d.ID)
	type gone struct {
		FileID int64  `db:"file_id"`
		Kind   string `db:"kind"`
	}
	removed, err := pgx.CollectRows(rows, pgx.RowToStructByName[gone])
	if err != nil {
		return false, 0, err
	}
	scanIDs, answerIDs := []int64{}, []int64{}
	for _, g := range removed {
		var shared bool
		if err := tx.QueryRow(ctx, `select exists(select 1 from petition_files where file_id = $1)`, g.FileID).Scan(&shared); err != nil {
			return false, 0, err
		}
		if !shared {
			// An upload's name is often the person's ("Ābele_iesniegums.pdf"):
			// the row goes with a plain one, inside the same transaction.
			if _, err := tx.Exec(ctx, `update files set name = 'fails-' || id where id = $1`, g.FileID); err != nil {
				return false, 0, err
			}
			if err := s.files.Delete(ctx, tx, g.FileID); err != nil {
				return false, 0, err
			}
		}
		if g.Kind == "scan" {
			scanIDs = append(scanIDs, g.FileID)
		} else {
			answerIDs = append(answerIDs, g.FileID)
		}
	}

	details := map[string]any{"fields": fields, "scan_file_ids": scanIDs, "answer_file_ids": answerIDs}
	if err := AddEvent(ctx, tx, at, d.ID, "personal_data_removed", "", "", "", details); err != nil {
		return false, 0, err
	}
	named := make([]string, len(fields))
	for i, f := range fields {
		named[i] = removedFieldNames[f]
	}
	what := strings.Join(named, ", ")
	if what == "" {
		what = "nekas"
	}
	details["reg_number"] = d.RegNumber
	details["case_index"] = d.CaseIndex
	details["retention_years"] = d.RetentionYears
	details["ended_at"] = d.EndedAt
	details["outbox_ids"] = outbox
	return true, len(removed), record(ctx, tx, "petition", d.ID, "remove_personal_data", details,
		"Beidzoties lietas %s glabāšanas termiņam (%d g.), no iesnieguma %s dzēsti personas dati: %s; skenējumi: %d, atbildes faili: %d",
		d.CaseIndex, d.RetentionYears, d.RegNumber, what, len(scanIDs), len(answerIDs))
}

// lastRetentionRun reads the audit entry of the last run, if any.
func (s *Store) lastRetentionRun(ctx context.Context) (*lastRetentionRun, error) {
	rows, _ := s.pool.Query(ctx, `select a.created_at, coalesce(u.full_name, a.actor_name) as actor_name, a.summary
		from audit_log a left join users u on u.id = a.actor_id
		where a.entity = 'petition_retention' and a.action = 'run' order by a.id desc limit 1`)
	last, err := pgx.CollectRows(rows, pgx.RowToStructByName[lastRetentionRun])
	if err != nil || len(last) == 0 {
		return nil, err
	}
	return &last[0], nil
}

// ScheduleRetention hands a run as of asOf to the job client, in the name
// of the user of ctx: the first run after years of keeping everything can
// be thousands of transactions.
func (s *Store) ScheduleRetention(ctx context.Context, asOf time.Time) error {
	args := RetentionArgs{AsOf: asOf}
	if u := auth.UserFrom(ctx); u != nil {
		args.UserID = u.ID
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		_, err := s.jobs.InsertTx(ctx, tx, args, nil)
		return err
	})
}
