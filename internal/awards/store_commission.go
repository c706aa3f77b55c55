package awards

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
)

const memberColumns = `m.id, m.round_id, m.user_id, m.contact_id,
	coalesce(u.full_name, (select k.name from contacts c join contacts k on k.id = coalesce(c.merged_into, c.id) where c.id = m.contact_id), ''),
	m.role, m.present`

const memberFrom = ` from award_members m left join users u on u.id = m.user_id`

func collectMembers(rows pgx.Rows, err error) ([]Member, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Member, error) {
		var m Member
		return m, row.Scan(&m.ID, &m.RoundID, &m.UserID, &m.ContactID, &m.Name, &m.Role, &m.Present)
	})
}

// Members are the round's commission, the chair first.
func (s *Store) Members(ctx context.Context, roundID int64) ([]Member, error) {
	return collectMembers(s.pool.Query(ctx, `select `+memberColumns+memberFrom+` where m.round_id = $1
		order by case m.role when 'chair' then 0 when 'member' then 1 else 2 end, m.id`, roundID))
}

// Member reads one member.
func (s *Store) Member(ctx context.Context, id int64) (Member, error) {
	ms, err := collectMembers(s.pool.Query(ctx, `select `+memberColumns+memberFrom+` where m.id = $1`, id))
	if err != nil {
		return Member{}, err
	}
	if len(ms) == 0 {
		return Member{}, fmt.Errorf("award member %d: %w", id, errs.NotFound)
	}
	return ms[0], nil
}

// MyRounds are the commission places of user: each membership with its round.
func (s *Store) MyRounds(ctx context.Context, userID int64) ([]Member, []Round, error) {
	ms, err := collectMembers(s.pool.Query(ctx, `select `+memberColumns+memberFrom+` where m.user_id = $1 order by m.id desc limit 100`, userID))
	if err != nil {
		return nil, nil, err
	}
	var rs []Round
	for _, m := range ms {
		r, err := s.Round(ctx, m.RoundID)
		if err != nil {
			return nil, nil, err
		}
		rs = append(rs, r)
	}
	return ms, rs, nil
}

// Users are the accounts that may sit on a commission (awards.score), by name.
type UserChoice struct {
	ID   int64
	Name string
}

// ScoringUsers are the active accounts whose roles hold awards.score.
func (s *Store) ScoringUsers(ctx context.Context, roles []string) ([]UserChoice, error) {
	rows, err := s.pool.Query(ctx, `select id, full_name from users where active and roles && $1 order by full_name, id`, roles)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (UserChoice, error) {
		var u UserChoice
		return u, row.Scan(&u.ID, &u.Name)
	})
}

// AddMember puts a user or a contact of the directory on the round's commission.
func (s *Store) AddMember(ctx context.Context, m Member) (int64, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if m.ContactID != nil {
			if err := contacts.Exists(ctx, tx, *m.ContactID, contacts.Person, "contact_id"); err != nil {
				return err
			}
		}
		err := tx.QueryRow(ctx, `insert into award_members (round_id, user_id, contact_id, role, created_at, created_by)
			values ($1, $2, $3, $4, $5, $6) returning id`, m.RoundID, m.UserID, m.ContactID, m.Role, s.now(), audit.ActorID(ctx)).Scan(&id)
		switch {
		case db.IsUnique(err, "award_members_round_id_user_id_key"):
			return errs.Field("user_id", "awards.err_member_twice")
		case db.IsUnique(err, "award_members_round_id_contact_id_key"):
			return errs.Field("contact_id", "awards.err_member_twice")
		case err != nil:
			return err
		}
		if m.ContactID != nil && s.contacts != nil {
			if err := s.contacts.RecordUse(ctx, tx, *m.ContactID, "awards", "member", "round-"+strconv.FormatInt(m.RoundID, 10)); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "award_round", EntityID: m.RoundID, Action: "member_add",
			Summary: fmt.Sprintf("Apbalvojuma kārta #%d: komisijā iekļauts loceklis #%d (%s)", m.RoundID, id, lvText("awards.member_role."+m.Role))})
	})
	return id, err
}

// SetPresent records whether the member was at the commission's meeting.
func (s *Store) SetPresent(ctx context.Context, memberID int64, present bool) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var roundID int64
		if err := tx.QueryRow(ctx, `update award_members set present = $2 where id = $1 returning round_id`, memberID, present).Scan(&roundID); err != nil {
			return db.NotFound(err, "award member")
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "award_round", EntityID: roundID, Action: "award_present",
			Summary: fmt.Sprintf("Apbalvojuma kārta #%d: loceklis #%d %s", roundID, memberID, map[bool]string{true: "piedalījās sēdē", false: "nepiedalījās sēdē"}[present])})
	})
}

// Declarations are a member's declarations, by nomination.
func (s *Store) Declarations(ctx context.Context, memberID int64) (map[int64]Declaration, error) {
	rows, err := s.pool.Query(ctx, `select member_id, nomination_id, conflict, note, declared_at from award_declarations where member_id = $1`, memberID)
	if err != nil {
		return nil, err
	}
	out := map[int64]Declaration{}
	ds, err := pgx.CollectRows(rows, scanDeclaration)
	for _, d := range ds {
		out[d.NominationID] = d
	}
	return out, err
}

func scanDeclaration(row pgx.CollectableRow) (Declaration, error) {
	var d Declaration
	return d, row.Scan(&d.MemberID, &d.NominationID, &d.Conflict, &d.Note, &d.DeclaredAt)
}

// RoundDeclarations are every declaration of the round's commission.
func (s *Store) RoundDeclarations(ctx context.Context, roundID int64) ([]Declaration, error) {
	rows, err := s.pool.Query(ctx, `select d.member_id, d.nomination_id, d.conflict, d.note, d.declared_at from award_declarations d
		join award_members m on m.id = d.member_id where m.round_id = $1 order by d.nomination_id, d.member_id`, roundID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanDeclaration)
}

// Declare records member's declaration on nomination, once: a declaration
// stands (a conflict declared is not taken back). It is audited.
func (s *Store) Declare(ctx context.Context, m Member, nominationID int64, conflict bool, note string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var roundID int64
		if err := tx.QueryRow(ctx, `select round_id from award_nominations where id = $1`, nominationID).Scan(&roundID); err != nil {
			return db.NotFound(err, "award nomination")
		}
		if roundID != m.RoundID {
			return fmt.Errorf("nomination %d is not of round %d: %w", nominationID, m.RoundID, errs.NotFound)
		}
		tag, err := tx.Exec(ctx, `insert into award_declarations (member_id, nomination_id, conflict, note, declared_at, declared_by)
			values ($1, $2, $3, $4, $5, $6) on conflict do nothing`, m.ID, nominationID, conflict, note, s.now(), audit.ActorID(ctx))
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return errs.FieldConflict("conflict", "awards.err_declared")
		}
		action, what := "award_no_conflict", "nav interešu konflikta"
		if conflict {
			action, what = "award_conflict", "deklarēts interešu konflikts"
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "award_nomination", EntityID: nominationID, Action: action,
			Summary: fmt.Sprintf("Izvirzīšana #%d: komisijas loceklis #%d — %s", nominationID, m.ID, what)})
	})
}

// Scores are the scores of the round's nominations; of member alone when
// member is not 0.
func (s *Store) Scores(ctx context.Context, roundID, member int64) ([]Score, error) {
	rows, err := s.pool.Query(ctx, `select sc.member_id, sc.nomination_id, sc.criterion_id, sc.score from award_scores sc
		join award_members m on m.id = sc.member_id where m.round_id = $1 and ($2 = 0 or sc.member_id = $2)
		order by sc.nomination_id, sc.member_id, sc.criterion_id`, roundID, member)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Score, error) {
		var sc Score
		return sc, row.Scan(&sc.MemberID, &sc.NominationID, &sc.CriterionID, &sc.Score)
	})
}

// SaveScores records member's scores of nomination on the criteria (criterion
// id → 0–10) while the round is being scored, after a declaration of no
// conflict.
func (s *Store) SaveScores(ctx context.Context, m Member, nominationID int64, scores map[int64]int) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		rd, err := round(ctx, tx, m.RoundID)
		if err != nil {
			return err
		}
		if !rd.Scoring() {
			return errs.Field("scores", "awards.err_not_scoring")
		}
		var conflict bool
		err = tx.QueryRow(ctx, `select conflict from award_declarations where member_id = $1 and nomination_id = $2`, m.ID, nominationID).Scan(&conflict)
		if err != nil {
			return errs.Field("scores", "awards.err_declare_first")
		}
		if conflict {
			return fmt.Errorf("member %d declared a conflict on %d: %w", m.ID, nominationID, errs.Forbidden)
		}
		ids := make([]int64, 0, len(scores))
		for id := range scores {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, cid := range ids {
			if _, err := tx.Exec(ctx, `insert into award_scores (member_id, nomination_id, criterion_id, score, scored_at)
				select $1, $2, c.id, $4, $5 from award_criteria c where c.id = $3 and c.type_id = $6
				on conflict (member_id, nomination_id, criterion_id) do update set score = excluded.score, scored_at = excluded.scored_at`,
				m.ID, nominationID, cid, scores[cid], s.now(), rd.TypeID); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "award_nomination", EntityID: nominationID, Action: "award_score",
			Summary: fmt.Sprintf("Izvirzīšana #%d: komisijas loceklis #%d novērtēja (%d kritēriji)", nominationID, m.ID, len(scores))})
	})
}

// RankedRow is a line of the ranking with its nomination.
type RankedRow struct {
	Ranked
	Nomination Nomination
}

// Ranking is the round's nominations ranked by the weighted scores.
func (s *Store) Ranking(ctx context.Context, rd Round, t Type) ([]RankedRow, error) {
	noms, err := s.RoundNominations(ctx, rd.ID)
	if err != nil {
		return nil, err
	}
	scores, err := s.Scores(ctx, rd.ID, 0)
	if err != nil {
		return nil, err
	}
	byID := map[int64]Nomination{}
	ids := make([]int64, 0, len(noms))
	for _, n := range noms {
		byID[n.ID] = n
		ids = append(ids, n.ID)
	}
	var out []RankedRow
	for _, r := range Rank(t.Criteria, ids, scores) {
		out = append(out, RankedRow{Ranked: r, Nomination: byID[r.NominationID]})
	}
	return out, nil
}

// Decision is what the decision body decided.
type Decision struct {
	RoundID   int64
	Version   int
	Body      string
	Number    string
	Date      time.Time
	Proposal  string
	Laureates []int64
}

// Decide records the decision of a judged round: its body, number, date,
// the commission's proposal and the laureates chosen (at most the
// statute's number a year, all of the round), and the round is decided.
func (s *Store) Decide(ctx context.Context, d Decision) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		rd, err := round(ctx, tx, d.RoundID)
		if err != nil {
			return err
		}
		if rd.Version != d.Version {
			return errs.FieldConflict("decision_number", "errors.conflict")
		}
		if rd.Status != Judged {
			return errs.Field("decision_number", "awards.err_not_judged")
		}
		t, err := s.awardType(ctx, tx, rd.TypeID)
		if err != nil {
			return err
		}
		if len(d.Laureates) == 0 {
			return errs.Field("laureates", "awards.decision.laureates_required")
		}
		if len(d.Laureates) > t.MaxPerYear {
			return errs.Field("laureates", "awards.err_too_many_laureates", t.MaxPerYear)
		}
		tag, err := tx.Exec(ctx, `update award_nominations set laureate = (id = any($2)), updated_at = $3, version = version + 1
			where round_id = $1`, rd.ID, d.Laureates, s.now())
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, `select count(*) from award_nominations where round_id = $1 and laureate`, rd.ID).Scan(&n); err != nil {
			return err
		}
		if n != len(d.Laureates) || tag.RowsAffected() == 0 {
			return errs.Field("laureates", "field.invalid_choice")
		}
		if _, err := tx.Exec(ctx, `update award_rounds set decision_body = $2, decision_number = $3, decision_date = $4,
			proposal = $5, status = 'decided', updated_at = $6, version = version + 1 where id = $1`,
			rd.ID, d.Body, d.Number, d.Date, d.Proposal, s.now()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "award_round", EntityID: rd.ID, Action: "award_decide",
			Summary: fmt.Sprintf("Apbalvojuma kārta #%d: lēmums Nr. %s (%s), laureātu skaits: %d", rd.ID, d.Number,
				d.Date.Format("02.01.2006."), len(d.Laureates)),
			Details: map[string]any{"laureates": d.Laureates, "body": d.Body}})
	})
}
