package calendar

import (
	"strconv"
	"strings"

	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// addForm is the "add a day" form as posted, kept as typed so a rejected
// form comes back with what the person wrote.
type addForm struct {
	Day    string
	Kind   string
	NameLV string
	NameEN string
}

// readAddForm parses and checks the form; the field errors land in f.Errors
// in the order the fields appear.
func readAddForm(f *form.Values) (addForm, NewDay) {
	var in addForm
	var nd NewDay
	in.Day = f.Text("day", true, 20)
	if in.Day != "" && f.Errors.Get("day") == "" {
		if d, ok := i18n.ParseDate(in.Day); !ok {
			f.Add("day", "field.invalid_date")
		} else if y := d.Year(); y < MinYear || y > MaxYear {
			f.Add("day", "calendar.err_year_range", i18n.M{"min": MinYear, "max": MaxYear})
		} else {
			nd.Date = DateOf(d)
		}
	}
	in.Kind = f.Raw("kind")
	nd.Kind = form.Enum(f, "kind", true, Kinds)
	if nd.Kind != "" && !nd.Date.IsZero() {
		if key := KindFits(nd.Kind, nd.Date); key != "" {
			f.Add("kind", key)
		}
	}
	in.NameLV = f.Text("name_lv", true, 200)
	in.NameEN = f.Text("name_en", false, 200)
	nd.NameLV, nd.NameEN = in.NameLV, in.NameEN
	return in, nd
}

// parseYear reads a year between MinYear and MaxYear.
func parseYear(s string) (int, bool) {
	y, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || y < MinYear || y > MaxYear {
		return 0, false
	}
	return y, true
}
