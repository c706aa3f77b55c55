package press

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/privacy"
)

// PrivacySource is the press area's part of a data subject's request.
// Journalists, officials and contact persons are the directory's (its
// source finds them, with this area's uses); what the area holds of its
// own is what journalists typed to accredit (found by name, e-mail or
// phone), the addresses releases were mailed to (by e-mail: one record
// per address, the releases in the export), and the statements in an
// emergency staff entered for someone (by that person's name).
// Accreditations retention removed are no longer found.
func PrivacySource(d Deps) privacy.Source { return privacySource{} }

type privacySource struct{}

func (privacySource) Area() string { return "area.press" }

// privacyNameMatch is the condition that every word of the lookup ($1) is
// a word of column, in any order, regardless of case, diacritics and the
// punctuation around it ("Zane Liepiņa, Komunālā pārvalde").
func privacyNameMatch(column string) string {
	return fmt.Sprintf(`regexp_split_to_array(lower(prdesk_unaccent(%[1]s)), '[^[:alnum:]]+') @>
		regexp_split_to_array(lower(prdesk_unaccent(trim($1))), '[^[:alnum:]]+')`, column)
}

// Find lists the accreditations newest first, then the mailings.
func (privacySource) Find(ctx context.Context, q db.Querier, p privacy.Person, full bool) ([]privacy.Record, error) {
	t := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	conds := map[privacy.Key]string{
		privacy.ByName:  privacyNameMatch("a.name"),
		privacy.ByEmail: `lower(a.email) = lower($1)`,
		privacy.ByPhone: `a.phone <> '' and regexp_replace(a.phone, '[^0-9]', '', 'g') = any($1)`,
	}
	matched := map[int64][]privacy.Key{}
	var order []int64
	for _, k := range p.Given() {
		cond, ok := conds[k]
		if !ok {
			continue
		}
		var arg any = p.Value(k)
		if k == privacy.ByPhone {
			arg = p.PhoneForms()
		}
		rows, _ := q.Query(ctx, `select a.id from press_accreditations a where a.removed_at is null and `+cond+`
			order by a.created_at desc, a.id desc limit $2`, arg, privacy.Limit+1)
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return nil, fmt.Errorf("press: privacy lookup by %s: %w", k, err)
		}
		for _, id := range ids {
			if matched[id] == nil {
				order = append(order, id)
			}
			matched[id] = append(matched[id], k)
		}
	}
	var out []privacy.Record
	if len(order) > 0 {
		rows, _ := q.Query(ctx, `select a.id, a.event_id, e.title, e.starts_at, a.name, a.outlet, a.email, a.phone, a.crew, a.source,
				a.attended, a.created_at
			from press_accreditations a join press_events e on e.id = a.event_id
			where a.id = any($1) order by a.created_at desc, a.id desc`, order)
		var id, event int64
		var title, name, outlet, email, phone, crew, source string
		var starts, at time.Time
		var attended *bool
		_, err := pgx.ForEachRow(rows, []any{&id, &event, &title, &starts, &name, &outlet, &email, &phone, &crew, &source, &attended, &at}, func() error {
			r := privacy.Record{
				Kind: t("press.privacy.kind_accreditation"), ID: id, Number: "#" + strconv.FormatInt(id, 10), Date: starts,
				Summary: title, Link: eventURL(event), Matched: matched[id],
				Fields: []privacy.Field{
					{Label: t("press.accreditation.name"), Value: name},
					{Label: t("press.accreditation.outlet"), Value: outlet},
					{Label: t("press.accreditation.email"), Value: email},
					{Label: t("press.accreditation.phone"), Value: phone},
					{Label: t("press.accreditation.crew"), Value: crew},
				},
			}
			if full {
				came := t("press.privacy.unknown")
				if attended != nil && *attended {
					came = t("press.accreditation.came")
				} else if attended != nil {
					came = t("press.accreditation.did_not_come")
				}
				r.Sections = []privacy.Section{{Title: t("press.privacy.kind_accreditation"), Fields: []privacy.Field{
					{Label: t("press.privacy.event"), Value: title + ", " + i18n.DateTime(starts)},
					{Label: t("press.privacy.accredited_at"), Value: i18n.DateTime(at)},
					{Label: t("press.privacy.how"), Value: t("press.accreditation.source_" + source)},
					{Label: t("press.accreditation.attendance"), Value: came},
				}}}
			}
			out = append(out, r)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("press: privacy accreditations: %w", err)
		}
	}
	if p.Name != "" {
		statements, err := privacyStatements(ctx, q, p, full, t)
		if err != nil {
			return nil, err
		}
		out = append(out, statements...)
	}
	if p.Email == "" {
		return out, nil
	}
	mailings, err := privacyMailings(ctx, q, p.Email, full, t)
	if err != nil {
		return nil, err
	}
	return append(out, mailings...), nil
}

// privacyMailings is one record per address releases went to (the same
// address, written in other cases, is one): how many and when, and in
// the export each release with its mail's state.
func privacyMailings(ctx context.Context, q db.Querier, email string, full bool, t func(string, ...any) string) ([]privacy.Record, error) {
	var n int
	var first, last *time.Time
	var minID int64
	if err := q.QueryRow(ctx, `select count(*), min(o.created_at), max(o.created_at), coalesce(min(d.id), 0)
		from press_deliveries d join mail_outbox o on o.id = d.outbox_id
		where lower(d.email) = lower($1)`, email).Scan(&n, &first, &last, &minID); err != nil {
		return nil, fmt.Errorf("press: privacy mailings: %w", err)
	}
	if n == 0 {
		return nil, nil
	}
	r := privacy.Record{
		Kind: t("press.privacy.kind_mailing"), ID: minID, Number: email, Date: *last,
		Summary: i18n.N(ctx, "press.privacy.mailing_summary", int64(n), i18n.M{"from": i18n.Date(*first), "to": i18n.Date(*last)}),
		Matched: []privacy.Key{privacy.ByEmail},
		Fields:  []privacy.Field{{Label: t("press.accreditation.email"), Value: email}},
	}
	if full {
		rows, _ := q.Query(ctx, `select o.created_at, r.title, `+deliveryState+`, d.lang
			from press_deliveries d join mail_outbox o on o.id = d.outbox_id join press_releases r on r.id = d.release_id
			where lower(d.email) = lower($1) order by o.created_at desc, d.id desc`, email)
		var at time.Time
		var title, status, lang string
		section := privacy.Section{Title: t("press.privacy.kind_mailing")}
		if _, err := pgx.ForEachRow(rows, []any{&at, &title, &status, &lang}, func() error {
			section.Fields = append(section.Fields, privacy.Field{Label: i18n.DateTime(at),
				Value: title + " (" + LangName(ctx, Lang(lang)) + ", " + t("press.delivery."+status) + ")"})
			return nil
		}); err != nil {
			return nil, fmt.Errorf("press: privacy mailings: %w", err)
		}
		r.Sections = []privacy.Section{section}
	}
	return []privacy.Record{r}, nil
}

// privacyStatements are the statements in an emergency entered on behalf
// of the person named, newest first.
func privacyStatements(ctx context.Context, q db.Querier, p privacy.Person, full bool, t func(string, ...any) string) ([]privacy.Record, error) {
	rows, _ := q.Query(ctx, `select s.id, s.submitted_at, e.title, s.on_behalf_of, s.channel, s.body, s.status
		from press_statements s join press_emergencies e on e.id = s.emergency_id
		where s.on_behalf_of <> '' and `+privacyNameMatch("s.on_behalf_of")+`
		order by s.submitted_at desc, s.id desc limit $2`, p.Name, privacy.Limit+1)
	var out []privacy.Record
	var id int64
	var at time.Time
	var emergency, onBehalf, channel, body, status string
	_, err := pgx.ForEachRow(rows, []any{&id, &at, &emergency, &onBehalf, &channel, &body, &status}, func() error {
		r := privacy.Record{
			Kind: t("press.privacy.kind_statement"), ID: id, Number: "#" + strconv.FormatInt(id, 10), Date: at,
			Summary: emergency, Link: statementURL(id), Matched: []privacy.Key{privacy.ByName},
			Fields: []privacy.Field{{Label: t("press.statement.on_behalf_of"), Value: onBehalf}},
		}
		if full {
			r.Sections = []privacy.Section{{Title: t("press.privacy.kind_statement"), Fields: []privacy.Field{
				{Label: t("press.statement.channel"), Value: channel},
				{Label: t("press.statement.body"), Value: body},
				{Label: t("press.list.col_status"), Value: t("press.statement.status." + status)},
			}}}
		}
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("press: privacy statements: %w", err)
	}
	return out, nil
}
