package awards

import (
	"math"
	"testing"
	"time"
)

func day(y int, m time.Month, d int) *time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return &t
}

func TestRankWithWeightsAndTies(t *testing.T) {
	crit := []Criterion{{ID: 1, Name: "Ieguldījums", Weight: 60}, {ID: 2, Name: "Atpazīstamība", Weight: 40}}
	type place struct {
		id    int64
		place int
		tie   bool
		total float64
	}
	for _, tc := range []struct {
		name   string
		crit   []Criterion
		noms   []int64
		scores []Score
		want   []place
	}{
		{
			name: "weights decide over the plain sum",
			crit: crit,
			noms: []int64{10, 20},
			// 10: 10 on the heavy criterion, 0 on the light: 6.0; 20: 0 and 10: 4.0.
			scores: []Score{{1, 10, 1, 10}, {1, 10, 2, 0}, {1, 20, 1, 0}, {1, 20, 2, 10}},
			want:   []place{{10, 1, false, 6}, {20, 2, false, 4}},
		},
		{
			name: "equal totals are a tie and the next place skips",
			crit: crit,
			noms: []int64{1, 2, 3, 4},
			scores: []Score{
				{1, 1, 1, 9}, {1, 1, 2, 9}, // 9
				{1, 2, 1, 8}, {1, 2, 2, 8}, // 8
				{1, 3, 1, 6}, {1, 3, 2, 11 - 1}, // 6*0.6+10*0.4 = 7.6
				{1, 4, 1, 8}, {1, 4, 2, 8}, // 8
			},
			want: []place{{1, 1, false, 9}, {2, 2, true, 8}, {4, 2, true, 8}, {3, 4, false, 7.6}},
		},
		{
			name:   "a different weighting of equal sums is a tie when the weighted totals agree",
			crit:   []Criterion{{ID: 1, Weight: 50}, {ID: 2, Weight: 50}},
			noms:   []int64{5, 6},
			scores: []Score{{1, 5, 1, 10}, {1, 5, 2, 4}, {1, 6, 1, 4}, {1, 6, 2, 10}},
			want:   []place{{5, 1, true, 7}, {6, 1, true, 7}},
		},
		{
			name: "the mean over the members who scored, not over all members",
			crit: []Criterion{{ID: 1, Weight: 1}},
			noms: []int64{7, 8},
			// 7: two members 10 and 6 (mean 8); 8: one member 9.
			scores: []Score{{1, 7, 1, 10}, {2, 7, 1, 6}, {1, 8, 1, 9}},
			want:   []place{{8, 1, false, 9}, {7, 2, false, 8}},
		},
		{
			name:   "nobody scored: all share the last place",
			crit:   crit,
			noms:   []int64{3, 1, 2},
			scores: []Score{{1, 2, 1, 5}, {1, 2, 2, 5}},
			want:   []place{{2, 1, false, 5}, {1, 2, true, 0}, {3, 2, true, 0}},
		},
		{
			name:   "a score on a criterion of another statute is not counted",
			crit:   []Criterion{{ID: 1, Weight: 1}},
			noms:   []int64{1},
			scores: []Score{{1, 1, 1, 4}, {1, 1, 99, 10}},
			want:   []place{{1, 1, false, 4}},
		},
		{
			name: "no nominations",
			crit: crit,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Rank(tc.crit, tc.noms, tc.scores)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d ranked, want %d: %+v", len(got), len(tc.want), got)
			}
			for i, w := range tc.want {
				g := got[i]
				if g.NominationID != w.id || g.Place != w.place || g.Tie != w.tie || math.Abs(g.Total-w.total) > 1e-9 {
					t.Errorf("%d: got %+v, want %+v", i, g, w)
				}
			}
		})
	}
}

func TestEligibility(t *testing.T) {
	four := 4
	honorary := Type{ID: 1, Name: "Goda pilsonis", Documents: []string{"Ieteikuma vēstule", "Dzīves apraksts"}}
	repeatable := Type{ID: 2, Name: "Gada skolotājs", RepeatAllowed: true, RepeatAfterYears: &four}
	anyYear := Type{ID: 3, Name: "Pateicības raksts", RepeatAllowed: true}
	round := func(t Type, id int64, year int) Round { return Round{ID: id, TypeID: t.ID, Year: year} }
	bothDocs := []string{"Ieteikuma vēstule", "Dzīves apraksts"}
	jānis := Nomination{ID: 100, NomineeKind: Person, NomineeName: "Jānis Bērziņš", Documents: bothDocs}
	withBirth := jānis
	withBirth.NomineeBirthDate = day(1960, 3, 1)
	withCode := jānis
	withCode.NomineePersonalCode = "010360-11111"
	org := Nomination{ID: 101, NomineeKind: Organisation, NomineeName: "Biedrība „Latgales Mākslas Māja”"}

	for _, tc := range []struct {
		name string
		t    Type
		r    Round
		n    Nomination
		past []Past
		want []string
	}{
		{"complete and new: eligible", honorary, round(honorary, 1, 2026), jānis, nil, nil},
		{"a required document missing", honorary, round(honorary, 1, 2026),
			Nomination{ID: 1, NomineeKind: Person, NomineeName: "Anna Kalniņa", Documents: []string{"Dzīves apraksts"}}, nil,
			[]string{"awards.elig.documents"}},
		{"laureate of the same award before, no repeat: found without diacritics", honorary, round(honorary, 1, 2026), jānis,
			[]Past{{NominationID: 5, RoundID: 9, TypeID: 1, Year: 2015, NameKey: "janis berzins", Laureate: true}},
			[]string{"awards.elig.laureate"}},
		{"nominated before but not a laureate: eligible", honorary, round(honorary, 1, 2026), jānis,
			[]Past{{NominationID: 5, RoundID: 9, TypeID: 1, Year: 2015, NameKey: "janis berzins"}}, nil},
		{"laureate of another award: eligible", honorary, round(honorary, 1, 2026), jānis,
			[]Past{{NominationID: 5, RoundID: 9, TypeID: 2, Year: 2020, NameKey: "janis berzins", Laureate: true}}, nil},
		{"same name, another birth date: another person", honorary, round(honorary, 1, 2026), withBirth,
			[]Past{{NominationID: 5, RoundID: 9, TypeID: 1, Year: 2015, NameKey: "janis berzins", BirthDate: day(1971, 5, 5), Laureate: true}}, nil},
		{"same name and birth date: the same person", honorary, round(honorary, 1, 2026), withBirth,
			[]Past{{NominationID: 5, RoundID: 9, TypeID: 1, Year: 2015, NameKey: "janis berzins", BirthDate: day(1960, 3, 1), Laureate: true}},
			[]string{"awards.elig.laureate"}},
		{"the personal code decides over the birth date", honorary, round(honorary, 1, 2026), withCode,
			[]Past{{NominationID: 5, RoundID: 9, TypeID: 1, Year: 2015, NameKey: "janis berzins", PersonalCode: "020470-22222", Laureate: true}}, nil},
		{"same personal code: the same person", honorary, round(honorary, 1, 2026), withCode,
			[]Past{{NominationID: 5, RoundID: 9, TypeID: 1, Year: 2015, NameKey: "janis berzins", PersonalCode: "010360-11111", Laureate: true}},
			[]string{"awards.elig.laureate"}},
		{"repeat within the statute's years", repeatable, round(repeatable, 2, 2026), jānis,
			[]Past{{NominationID: 6, RoundID: 8, TypeID: 2, Year: 2023, NameKey: "janis berzins", Laureate: true}},
			[]string{"awards.elig.too_soon"}},
		{"repeat after the statute's years", repeatable, round(repeatable, 2, 2026), jānis,
			[]Past{{NominationID: 6, RoundID: 8, TypeID: 2, Year: 2022, NameKey: "janis berzins", Laureate: true}}, nil},
		{"repeat allowed any year", anyYear, round(anyYear, 3, 2026), jānis,
			[]Past{{NominationID: 6, RoundID: 7, TypeID: 3, Year: 2025, NameKey: "janis berzins", Laureate: true}}, nil},
		{"the same nominee twice in the round", honorary, round(honorary, 1, 2026), jānis,
			[]Past{{NominationID: 7, RoundID: 1, TypeID: 1, Year: 2026, NameKey: "janis berzins"}},
			[]string{"awards.elig.twice"}},
		{"the nomination itself is not its own double", honorary, round(honorary, 1, 2026), jānis,
			[]Past{{NominationID: 100, RoundID: 1, TypeID: 1, Year: 2026, NameKey: "janis berzins"}}, nil},
		{"an organisation matches by name alone", anyYear, round(anyYear, 3, 2026), org,
			[]Past{{NominationID: 8, RoundID: 3, TypeID: 3, Year: 2026, NameKey: NameKey("biedriba latgales makslas maja")}},
			[]string{"awards.elig.twice"}},
		{"documents missing and twice: both shown", honorary, round(honorary, 1, 2026),
			Nomination{ID: 1, NomineeKind: Person, NomineeName: "Anna Kalniņa"},
			[]Past{{NominationID: 2, RoundID: 1, TypeID: 1, Year: 2026, NameKey: "anna kalnina"}},
			[]string{"awards.elig.documents", "awards.elig.twice"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Eligibility(tc.t, tc.r, tc.n, tc.past)
			if len(got) != len(tc.want) {
				t.Fatalf("got %+v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i].Key != tc.want[i] {
					t.Errorf("%d: %s, want %s", i, got[i].Key, tc.want[i])
				}
			}
		})
	}
}

func TestStatusOrder(t *testing.T) {
	if Prepared.Next() != Open || Decided.Next() != Awarded || Awarded.Next() != "" {
		t.Fatal("statuses out of order")
	}
	r := Round{Status: Judged}
	if !r.ScoresOpen() || r.ShowsLaureates() || r.Scoring() {
		t.Fatalf("judged: %+v", r)
	}
	open := Round{Status: Open, OpensOn: *day(2026, 3, 1), ClosesOn: *day(2026, 4, 30)}
	if !open.Accepting(*day(2026, 4, 30)) || open.Accepting(*day(2026, 5, 1)) || open.Accepting(*day(2026, 2, 28)) {
		t.Fatal("accepting by dates")
	}
}

// TestNameQuery: each word typed, folded as names are, must start a word
// of the name; punctuation and operators of the text search are not
// words; past MaxNameWords the rest is left out.
func TestNameQuery(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"  , - ", ""},
		{"pet", "pet:*"},
		{"Pēt", "pet:*"},
		{"ann pet", "ann:* & pet:*"},
		{"  Ann,  PĒT. ", "ann:* & pet:*"},
		{"Kalniņš-Bērziņa", "kalnins:* & berzina:*"},
		{"o'brien", "o:* & brien:*"},
		{"a & b | !c <-> (d):*", "a:* & b:* & c:* & d:*"},
		{"Łukasz Żółć", "lukasz:* & zolc:*"},
		{"Ольга", "ольга:*"},
		{"a b c d e f g h", "a:* & b:* & c:* & d:* & e:* & f:*"},
	} {
		if got := NameQuery(tc.in); got != tc.want {
			t.Errorf("NameQuery(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
