package delegations

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/privacy"
)

// Cleared is what a retention run removes, or would.
type Cleared struct {
	Cutoff      time.Time // visits that ended before this date
	Delegations int
	People      int
}

// retentionWhere are the delegations whose people's personal data is due
// for removal: ended before $1, not cleared yet.
const retentionWhere = `d.ends_on < $1 and d.personal_removed_at is null`

// RetentionCutoff is the first end date whose people are still kept on
// today with a period of days.
func RetentionCutoff(today time.Time, days int) time.Time { return today.AddDate(0, 0, -days) }

// RetentionPreview is what a run would remove today.
func (s *Store) RetentionPreview(ctx context.Context) (Cleared, error) {
	st, err := s.Settings(ctx)
	if err != nil {
		return Cleared{}, err
	}
	c := Cleared{Cutoff: RetentionCutoff(s.today(), st.RetentionDays)}
	err = s.pool.QueryRow(ctx, `select count(distinct d.id), count(p.id) from delegations d
		left join delegation_people p on p.delegation_id = d.id
		where `+retentionWhere, c.Cutoff).Scan(&c.Delegations, &c.People)
	return c, err
}

// RunRetention empties the protocol details (position, form of address,
// dietary and access needs) of the people of every delegation that ended
// more than the head's period ago, and writes the counts in the audit log
// in the same transaction. It is run by hand from the retention page and
// every night.
func (s *Store) RunRetention(ctx context.Context) (Cleared, error) {
	var c Cleared
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		st, err := settings(ctx, tx)
		if err != nil {
			return err
		}
		c = Cleared{Cutoff: RetentionCutoff(s.today(), st.RetentionDays)}
		rows, err := tx.Query(ctx, `update delegations d set personal_removed_at = $2 where `+retentionWhere+` returning d.id`, c.Cutoff, s.now())
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		c.Delegations = len(ids)
		if len(ids) == 0 {
			return nil
		}
		tag, err := tx.Exec(ctx, `update delegation_people set position = '', address_form = '', dietary = '', access_needs = '',
			updated_at = $2, version = version + 1 where delegation_id = any($1)`, ids, s.now())
		if err != nil {
			return err
		}
		c.People = int(tag.RowsAffected())
		return audit.Record(ctx, tx, audit.Entry{Entity: "delegation_retention", EntityID: c.Cutoff.Format(time.DateOnly), Action: "remove_personal_data",
			Summary: fmt.Sprintf("Delegāciju dalībnieku personas dati dzēsti vizītēm, kas beidzās pirms %s (delegācijas: %d, personas: %d)",
				c.Cutoff.Format("02.01.2006."), c.Delegations, c.People)})
	})
	return c, err
}

// PrivacySource is the delegations' part of a data subject's request: the
// people of a delegation, ours (accounts) and the guests or hosts
// (contacts of the directory, whose own source finds them), with what the
// protocol kept of them. They are found by name.
func PrivacySource(d Deps) privacy.Source { return privacySource{} }

type privacySource struct{}

func (privacySource) Area() string { return "area.delegations" }

// Find lists the delegations the person is one of the people of, newest first.
func (privacySource) Find(ctx context.Context, q db.Querier, p privacy.Person, full bool) ([]privacy.Record, error) {
	words := strings.Fields(strings.ToLower(p.Name))
	if len(words) == 0 {
		return nil, nil
	}
	rows, err := q.Query(ctx, `select p.id, d.id, d.title, d.starts_on, coalesce(u.full_name, k.name, ''), p.position, p.address_form,
			p.dietary, p.access_needs, d.personal_removed_at is not null
		from delegation_people p
		join delegations d on d.id = p.delegation_id
		left join users u on u.id = p.user_id
		left join contacts c on c.id = p.contact_id
		left join contacts k on k.id = coalesce(c.merged_into, c.id)
		where lower(prdesk_unaccent(coalesce(u.full_name, k.name, ''))) like all (
			select '%' || lower(prdesk_unaccent(w)) || '%' from unnest($1::text[]) w)
		order by d.starts_on desc, p.id desc limit $2`, words, privacy.Limit+1)
	if err != nil {
		return nil, err
	}
	t := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	var out []privacy.Record
	var id, del int64
	var title, name, position, address, dietary, access string
	var on time.Time
	var removed bool
	_, err = pgx.ForEachRow(rows, []any{&id, &del, &title, &on, &name, &position, &address, &dietary, &access, &removed}, func() error {
		r := privacy.Record{Kind: t("delegations.privacy.kind"), ID: id, Number: "#" + idStr(del), Date: on, Summary: title,
			Link: delegationURL(del), Matched: []privacy.Key{privacy.ByName},
			Fields: []privacy.Field{
				{Label: t("delegations.people.name"), Value: name},
				{Label: t("delegations.people.position"), Value: position},
				{Label: t("delegations.people.address_form"), Value: address},
				{Label: t("delegations.people.dietary"), Value: dietary},
				{Label: t("delegations.people.access_needs"), Value: access},
			}}
		if full {
			removedText := t("app.no")
			if removed {
				removedText = t("app.yes")
			}
			r.Sections = []privacy.Section{{Title: t("delegations.privacy.kind"), Fields: []privacy.Field{
				{Label: t("delegations.people.of"), Value: title},
				{Label: t("delegations.card.dates"), Value: on.Format("02.01.2006.")},
				{Label: t("delegations.privacy.removed"), Value: removedText},
			}}}
		}
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("delegations: privacy lookup: %w", err)
	}
	return out, nil
}
