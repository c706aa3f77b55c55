package petitions

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// movedView is the list of due dates the calendar or the rules moved.
type movedView struct {
	Rows  []MovedRow
	First string
	Next  string
}

// moved lists the recomputed due dates, newest first (keyset on the
// timeline line's id).
func (h *Handler) moved(w http.ResponseWriter, r *http.Request) {
	var after int64
	if s := form.URLValues(r).Get("after"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			web.Error(w, r, errs.Invalid)
			return
		}
		after = n
	}
	rows, err := h.store.Moved(r.Context(), after, ListPageSize+1)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	var v movedView
	if after != 0 {
		v.First = "/petitions/moved"
	}
	if len(rows) > ListPageSize {
		rows = rows[:ListPageSize]
		v.Next = "?after=" + strconv.FormatInt(rows[len(rows)-1].EventID, 10)
	}
	v.Rows = rows
	web.Render(w, r, http.StatusOK, movedPage(v))
}

// eventDueMoved reads a timeline line of a recomputed date.
func eventDueMoved(e Event) (dueMoved, bool) {
	var m dueMoved
	if e.Kind != "due_moved" || json.Unmarshal(e.Details, &m) != nil || m.DueAfter.IsZero() {
		return m, false
	}
	return m, true
}

// eventActor is who made a timeline line; the system (a recomputation, a
// job) when nobody did.
func eventActor(ctx context.Context, e Event) string {
	if e.ActorName == "" {
		return i18n.T(ctx, "petitions.moved.system")
	}
	return e.ActorName
}

// dateChange is "25.06.2026. → 26.06.2026.".
func dateChange(before, after time.Time) string {
	return i18n.Date(before) + " → " + i18n.Date(after)
}

// causeText says in words why a date moved.
func causeText(ctx context.Context, c DueCause) string {
	switch {
	case c.RuleID != 0:
		basis := c.BasisLV
		if i18n.Locale(ctx) == "en" && c.BasisEN != "" {
			basis = c.BasisEN
		}
		return i18n.T(ctx, "petitions.moved.cause_rule", basis)
	case c.FollowCabinet != nil && *c.FollowCabinet:
		return i18n.T(ctx, "petitions.moved.cause_follow_on")
	case c.FollowCabinet != nil:
		return i18n.T(ctx, "petitions.moved.cause_follow_off")
	case c.Year != 0:
		return i18n.T(ctx, "petitions.moved.cause_fill", i18n.M{"year": c.Year})
	case c.Day.IsZero():
		return i18n.T(ctx, "petitions.moved.cause_unknown")
	}
	s := i18n.Date(c.Day) + ", " + i18n.Weekday(ctx, c.Day) + ": " +
		dayKindText(ctx, c.Before, c.Day) + " → " + dayKindText(ctx, c.After, c.Day)
	name := c.NameLV
	if i18n.Locale(ctx) == "en" && c.NameEN != "" {
		name = c.NameEN
	}
	if name != "" {
		s += " („" + name + "”)"
	}
	return s
}

// dayKindText names what a day is in the calendar, in lower case: a
// working day, a Saturday or Sunday, a holiday, a moved day.
func dayKindText(ctx context.Context, k calendar.Kind, day time.Time) string {
	switch k {
	case "":
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			return i18n.T(ctx, "petitions.moved.kind_weekend")
		}
		return i18n.T(ctx, "petitions.moved.kind_working")
	case calendar.Weekend:
		return i18n.T(ctx, "petitions.moved.kind_weekend")
	case calendar.Holiday:
		return i18n.T(ctx, "petitions.moved.kind_holiday")
	case calendar.MovedDayOff:
		return i18n.T(ctx, "petitions.moved.kind_moved_day_off")
	case calendar.MovedWorkingDay:
		return i18n.T(ctx, "petitions.moved.kind_moved_working_day")
	}
	return string(k)
}

// causesText joins the causes of a move.
func causesText(ctx context.Context, cs []DueCause) string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = causeText(ctx, c)
	}
	return strings.Join(out, "; ")
}
