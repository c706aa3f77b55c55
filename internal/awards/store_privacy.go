package awards

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/privacy"
)

// PrivacySource is the awards' part of a data subject's request: the
// nominations whose nominee (by name, or personal code) or nominator (by
// name as typed, or e-mail) is the person. A nominee or nominator of the
// directory is found by the directory's own source too, with this area's uses.
func PrivacySource(d Deps) privacy.Source { return privacySource{} }

type privacySource struct{}

func (privacySource) Area() string { return "area.awards" }

func (privacySource) Find(ctx context.Context, q db.Querier, p privacy.Person, full bool) ([]privacy.Record, error) {
	var conds []string
	args := []any{privacy.Limit + 1}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if words := strings.Fields(NameKey(p.Name)); len(words) > 0 {
		var nominee, nominator []string
		for _, w := range words {
			nominee = append(nominee, "(' ' || n.name_key || ' ') like "+arg("% "+w+" %"))
			nominator = append(nominator, "(' ' || lower(prdesk_unaccent(n.nominator_name)) || ' ') like "+arg("% "+w+" %"))
		}
		conds = append(conds, "("+strings.Join(nominee, " and ")+")", "(n.nominator_name <> '' and "+strings.Join(nominator, " and ")+")")
	}
	if p.Code != "" {
		conds = append(conds, "n.nominee_personal_code = "+arg(p.Code))
	}
	if p.Email != "" {
		conds = append(conds, "lower(n.nominator_email) = lower("+arg(p.Email)+")")
	}
	if len(conds) == 0 {
		return nil, nil
	}
	rows, err := q.Query(ctx, `select `+nominationColumns+nominationFrom+` where `+strings.Join(conds, " or ")+`
		order by n.created_at desc, n.id desc limit $1`, args...)
	ns, err := collectNominations(rows, err)
	if err != nil {
		return nil, fmt.Errorf("awards: privacy lookup: %w", err)
	}
	t := func(key string, a ...any) string { return i18n.T(ctx, key, a...) }
	var out []privacy.Record
	for _, n := range ns {
		r := privacy.Record{Kind: t("awards.privacy.kind"), ID: n.ID, Number: "#" + idStr(n.ID), Date: n.CreatedAt,
			Summary: n.TypeName + " " + strconv.Itoa(n.RoundYear), Link: nominationURL(n.ID),
			Fields: []privacy.Field{
				{Label: t("awards.list.col_nominee"), Value: n.NomineeName},
				{Label: t("awards.list.col_nominator"), Value: n.NominatorName},
				{Label: t("awards.nomination.nominator_email"), Value: n.NominatorEmail},
				{Label: t("awards.nomination.personal_code"), Value: n.NomineePersonalCode},
				{Label: t("awards.nomination.birth_date"), Value: dateText(n.NomineeBirthDate)},
			}}
		if p.Name != "" {
			r.Matched = append(r.Matched, privacy.ByName)
		}
		if p.Code != "" && n.NomineePersonalCode == p.Code {
			r.Matched = append(r.Matched, privacy.ByCode)
		}
		if p.Email != "" && strings.EqualFold(n.NominatorEmail, p.Email) {
			r.Matched = append(r.Matched, privacy.ByEmail)
		}
		if full {
			r.Sections = []privacy.Section{{Title: t("awards.privacy.kind"), Fields: []privacy.Field{
				{Label: t("awards.nomination.justification"), Value: n.Justification},
				{Label: t("awards.nomination.citation"), Value: n.Citation},
				{Label: t("awards.nomination.consent_legend"), Value: consentText(ctx, n)},
			}}}
		}
		out = append(out, r)
	}
	return out, nil
}
