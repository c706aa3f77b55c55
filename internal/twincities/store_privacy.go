package twincities

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/privacy"
)

// PrivacySource is the twin cities' part of a data subject's request. The
// agreements hold the partner and the coordinators as the directory's ids
// (the directory's source finds them, with this area's uses); what the
// area holds of its own is free text: a log line's participants and its
// result may name people. They are found by name alone, as a phrase (the
// words of the name next to each other, in any order, regardless of case
// and diacritics, in either script); e-mails, phones and personal codes
// are not what the log is written with.
func PrivacySource(d Deps) privacy.Source { return privacySource{} }

type privacySource struct{}

func (privacySource) Area() string { return "area.twincities" }

// phrases are the ways the name's words may stand in folded text: each
// order of the words (up to three of them; more are matched word by word)
// and each word's spelling, with a space either side.
func phrases(terms [][]string) []string {
	if len(terms) > 3 {
		return nil
	}
	var out []string
	var permute func(rest [][]string, acc string)
	permute = func(rest [][]string, acc string) {
		if len(rest) == 0 {
			out = append(out, "% "+strings.TrimSpace(acc)+" %")
			return
		}
		for i := range rest {
			others := append(append([][]string{}, rest[:i]...), rest[i+1:]...)
			for _, alt := range rest[i] {
				permute(others, acc+" "+alt)
			}
		}
	}
	permute(terms, "")
	return out
}

// Find lists the log's lines that name the person, newest first.
func (privacySource) Find(ctx context.Context, q db.Querier, p privacy.Person, full bool) ([]privacy.Record, error) {
	if p.Name == "" {
		return nil, nil
	}
	terms := contacts.NameTerms(p.Name)
	if len(terms) == 0 {
		return nil, nil
	}
	args := []any{privacy.Limit + 1}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	var cond strings.Builder
	for _, alts := range terms {
		cond.WriteString(" and (")
		for i, a := range alts {
			if i > 0 {
				cond.WriteString(" or ")
			}
			cond.WriteString("l.search like " + arg("% "+a+" %"))
		}
		cond.WriteString(")")
	}
	if ph := phrases(terms); len(ph) > 0 {
		cond.WriteString(" and l.search like any(" + arg(ph) + "::text[])")
	}
	rows, _ := q.Query(ctx, `
		select l.id, l.agreement_id, a.city, a.country, l.kind, l.happened_on, l.field, l.participants, l.result, l.link_url
		from twin_log l join twin_agreements a on a.id = l.agreement_id
		where true`+cond.String()+`
		order by l.happened_on desc, l.id desc limit $1`, args...)
	var out []privacy.Record
	var id, agreement int64
	var city, country, kind, field, participants, result, link string
	var on time.Time
	t := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	_, err := pgx.ForEachRow(rows, []any{&id, &agreement, &city, &country, &kind, &on, &field, &participants, &result, &link}, func() error {
		r := privacy.Record{
			Kind: t("twincities.privacy.kind"), ID: id, Number: "#" + idStr(id), Date: on,
			Summary: city + ": " + result, Link: agreementURL(agreement), Matched: []privacy.Key{privacy.ByName},
			Fields: []privacy.Field{
				{Label: t("twincities.log.participants"), Value: participants},
				{Label: t("twincities.log.result"), Value: result},
			},
		}
		if full {
			r.Sections = []privacy.Section{{Title: t("twincities.privacy.kind"), Fields: []privacy.Field{
				{Label: t("twincities.privacy.city"), Value: city + ", " + CountryName(ctx, country)},
				{Label: t("twincities.log.kind"), Value: KindName(ctx, Kind(kind))},
				{Label: t("twincities.log.field"), Value: FieldName(ctx, Field(field))},
				{Label: t("twincities.log.link"), Value: link},
			}}}
		}
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("twincities: privacy lookup: %w", err)
	}
	return out, nil
}
