package awards

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/templates/components"
)

var errInvalid = errs.Invalid

// errFieldKey is the catalogue key of a refusal beside a field.
func errFieldKey(err error) (string, bool) {
	if fe, ok := errs.AsField(err); ok {
		return fe.Key, true
	}
	return "", false
}

func tr(ctx context.Context, key string, args ...any) string { return i18n.T(ctx, key, args...) }

// StatusName is the round's status in the viewer's language.
func StatusName(ctx context.Context, s Status) string { return i18n.T(ctx, "awards.status."+string(s)) }

// dateText is a date, or a dash for none.
func dateText(t *time.Time) string {
	if t == nil || t.IsZero() {
		return "—"
	}
	return i18n.Date(*t)
}

func actionName(ctx context.Context, action string) string {
	if i18n.Has(ctx, "awards.action."+action) {
		return i18n.T(ctx, "awards.action."+action)
	}
	return action
}

func timelineLines(ctx context.Context, ls []TimelineLine) []components.TimelineLine {
	out := make([]components.TimelineLine, 0, len(ls))
	for _, l := range ls {
		out = append(out, components.TimelineLine{At: l.At, Actor: l.Actor, Action: actionName(ctx, l.Action), Summary: l.Summary})
	}
	return out
}

func typeOptions(ts []Type, sel string) []components.Option {
	var out []components.Option
	for _, t := range ts {
		out = append(out, components.Option{Value: idStr(t.ID), Label: t.Name, Selected: idStr(t.ID) == sel})
	}
	return out
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func typeTitle(ctx context.Context, id int64) string {
	if id == 0 {
		return i18n.T(ctx, "awards.type.new_title")
	}
	return i18n.T(ctx, "awards.type.edit_title")
}

func repeatText(ctx context.Context, t Type) string {
	switch {
	case !t.RepeatAllowed:
		return i18n.T(ctx, "awards.type.repeat_no")
	case t.RepeatAfterYears == nil:
		return i18n.T(ctx, "awards.type.repeat_any")
	}
	return i18n.T(ctx, "awards.type.repeat_after_n", *t.RepeatAfterYears)
}

func roundTitle(ctx context.Context, id int64) string {
	if id == 0 {
		return i18n.T(ctx, "awards.form.new_title")
	}
	return i18n.T(ctx, "awards.form.edit_title")
}

func emptyRounds(ctx context.Context, types int) string {
	if types == 0 {
		return i18n.T(ctx, "awards.round.empty_no_types")
	}
	return i18n.T(ctx, "awards.round.empty")
}

func nominationURL(id int64) string { return "/awards/nominations/" + idStr(id) }

// nameText is the nominee's name, or a note that it was removed.
func nameText(ctx context.Context, n Nomination) string {
	if n.Removed && n.NomineeName == "" {
		return i18n.T(ctx, "awards.removed", n.ID)
	}
	return n.NomineeName
}

func nominatorText(ctx context.Context, n Nomination) string {
	if n.Removed && n.NominatorName == "" {
		return "—"
	}
	return n.NominatorName
}

// scoreText is a weighted total with two decimals and a decimal comma.
func scoreText(f float64) string {
	return strings.Replace(strconv.FormatFloat(f, 'f', 2, 64), ".", ",", 1)
}

func userOptions(ctx context.Context, us []UserChoice, sel string) []components.Option {
	out := []components.Option{{Value: "", Label: i18n.T(ctx, "awards.member.no_user"), Selected: sel == ""}}
	for _, u := range us {
		out = append(out, components.Option{Value: idStr(u.ID), Label: u.Name, Selected: idStr(u.ID) == sel})
	}
	return out
}

func roleOptions(ctx context.Context, sel string) []components.Option {
	var out []components.Option
	for _, r := range MemberRoles {
		out = append(out, components.Option{Value: r, Label: i18n.T(ctx, "awards.member_role."+r), Selected: r == sel})
	}
	return out
}

func nominationTitle(ctx context.Context, id int64) string {
	if id == 0 {
		return i18n.T(ctx, "awards.nomination.new_title")
	}
	return i18n.T(ctx, "awards.nomination.edit_title")
}

func docOptions(all, sel []string) []components.Option {
	var out []components.Option
	for _, d := range all {
		out = append(out, components.Option{Value: d, Label: d, Selected: has(sel, d)})
	}
	return out
}

func consentText(ctx context.Context, n Nomination) string {
	var parts []string
	if n.ConsentNominated {
		parts = append(parts, i18n.T(ctx, "awards.consent.nominated"))
	}
	if n.ConsentPublish {
		parts = append(parts, i18n.T(ctx, "awards.consent.publish"))
	}
	if len(parts) == 0 {
		return i18n.T(ctx, "awards.consent.none")
	}
	return strings.Join(parts, ", ") + " (" + dateText(n.ConsentOn) + ")"
}

func problemText(ctx context.Context, p Problem) string {
	if p.Year != 0 {
		return i18n.T(ctx, p.Key, p.Year)
	}
	return i18n.T(ctx, p.Key)
}
