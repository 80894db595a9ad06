//! The rule that no figure describes fewer than 5 people, in one place. Pure functions, with
//! tables of cases: every figure about people in an insights answer goes through here.

use hearth_common::insights::{DepartmentRow, Departments, MIN_GROUP};
use hearth_db::health::DepartmentCounts;

/// A count of people that may be shown: none, or at least 5.
pub fn people(n: u32) -> Option<u32> {
    (n == 0 || n >= MIN_GROUP).then_some(n)
}

/// Whether a group of `n` people may be described.
fn safe(n: u32) -> bool {
    n == 0 || n >= MIN_GROUP
}

/// Members (and engaged members) by department.
///
/// Departments with fewer than 5 members are left out and only counted. In each column the
/// hidden figures taken together can be worked out from the totals, so more are hidden, the
/// smallest first, until the hidden ones are at least two cells and describe nobody or at
/// least 5 people (and, for engaged members, so do the members who were not engaged).
pub fn departments(counts: &[DepartmentCounts]) -> Departments {
    let (small, listed): (Vec<&DepartmentCounts>, Vec<&DepartmentCounts>) =
        counts.iter().partition(|d| d.members < MIN_GROUP);
    let mut rows: Vec<(usize, DepartmentRow)> = listed
        .iter()
        .enumerate()
        .map(|(i, d)| {
            (
                i,
                DepartmentRow {
                    department: d.department.clone(),
                    members: Some(d.members),
                    engaged: Some(d.engaged),
                },
            )
        })
        .collect();

    // Members: the small departments are one hidden cell.
    let mut hidden_members: Vec<usize> = Vec::new();
    let small_members: u32 = small.iter().map(|d| d.members).sum();
    let small_cell = !small.is_empty();
    loop {
        let cells = hidden_members.len() + usize::from(small_cell);
        let total: u32 = small_members
            + hidden_members
                .iter()
                .map(|&i| listed[i].members)
                .sum::<u32>();
        if cells == 0 || (cells >= 2 && safe(total)) {
            break;
        }
        match smallest_shown(&listed, &hidden_members, |d| d.members) {
            Some(i) => hidden_members.push(i),
            None => break,
        }
    }

    // Engaged: a cell is hidden when it or its complement is a small group.
    let small_engaged: u32 = small.iter().map(|d| d.engaged).sum();
    let small_idle: u32 = small
        .iter()
        .map(|d| d.members - d.engaged.min(d.members))
        .sum();
    let mut hidden_engaged: Vec<usize> = (0..listed.len())
        .filter(|&i| {
            let d = listed[i];
            !safe(d.engaged) || !safe(d.members - d.engaged.min(d.members))
        })
        .collect();
    loop {
        let cells = hidden_engaged.len() + usize::from(small_cell);
        let engaged: u32 = small_engaged
            + hidden_engaged
                .iter()
                .map(|&i| listed[i].engaged)
                .sum::<u32>();
        let idle: u32 = small_idle
            + hidden_engaged
                .iter()
                .map(|&i| listed[i].members - listed[i].engaged.min(listed[i].members))
                .sum::<u32>();
        if cells == 0 || (cells >= 2 && safe(engaged) && safe(idle)) {
            break;
        }
        match smallest_shown(&listed, &hidden_engaged, |d| d.engaged) {
            Some(i) => hidden_engaged.push(i),
            None => break,
        }
    }

    for (i, row) in &mut rows {
        if hidden_members.contains(i) {
            row.members = None;
        }
        if hidden_engaged.contains(i) {
            row.engaged = None;
        }
    }
    Departments {
        rows: rows.into_iter().map(|(_, row)| row).collect(),
        small_departments: u32::try_from(small.len()).unwrap_or(u32::MAX),
    }
}

/// The listed department with the smallest figure not yet hidden.
fn smallest_shown(
    listed: &[&DepartmentCounts],
    hidden: &[usize],
    figure: impl Fn(&DepartmentCounts) -> u32,
) -> Option<usize> {
    (0..listed.len())
        .filter(|i| !hidden.contains(i))
        .min_by_key(|&i| (figure(listed[i]), listed[i].members))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dept(name: &str, members: u32, engaged: u32) -> DepartmentCounts {
        DepartmentCounts {
            department: Some(name.into()),
            members,
            engaged,
        }
    }

    /// (name, members shown, engaged shown) for each listed row.
    fn shown(d: &Departments) -> Vec<(String, Option<u32>, Option<u32>)> {
        d.rows
            .iter()
            .map(|r| {
                (
                    r.department.clone().unwrap_or_default(),
                    r.members,
                    r.engaged,
                )
            })
            .collect()
    }

    #[test]
    fn counts_of_people() {
        for (n, shown) in [
            (0, Some(0)),
            (1, None),
            (4, None),
            (5, Some(5)),
            (90, Some(90)),
        ] {
            assert_eq!(people(n), shown, "{n}");
        }
    }

    #[test]
    fn breakdowns() {
        struct Case {
            name: &'static str,
            input: Vec<DepartmentCounts>,
            rows: Vec<(&'static str, Option<u32>, Option<u32>)>,
            small: u32,
        }
        let cases = [
            Case {
                name: "all large, engaged 0 or ≥ 5 with ≥ 5 idle",
                input: vec![dept("a", 20, 10), dept("b", 10, 0)],
                rows: vec![("a", Some(20), Some(10)), ("b", Some(10), Some(0))],
                small: 0,
            },
            Case {
                name: "a department of 4 is left out, and the next smallest is hidden too",
                input: vec![
                    dept("a", 20, 10),
                    dept("b", 8, 0),
                    dept("c", 4, 0),
                    dept("d", 12, 6),
                ],
                rows: vec![
                    ("a", Some(20), Some(10)),
                    ("b", None, None),
                    ("d", Some(12), Some(6)),
                ],
                small: 1,
            },
            Case {
                name: "two small departments of 2 together are still too few: one more hidden",
                input: vec![
                    dept("a", 20, 0),
                    dept("b", 2, 0),
                    dept("c", 2, 0),
                    dept("d", 9, 0),
                ],
                rows: vec![("a", Some(20), Some(0)), ("d", None, None)],
                small: 2,
            },
            Case {
                name: "engaged 3 is hidden, and one more engaged figure with it",
                input: vec![dept("a", 20, 10), dept("b", 10, 3), dept("c", 30, 15)],
                rows: vec![
                    ("a", Some(20), None),
                    ("b", Some(10), None),
                    ("c", Some(30), Some(15)),
                ],
                small: 0,
            },
            Case {
                name: "8 of 10 engaged leaves a group of 2 who were not: hidden",
                input: vec![dept("a", 10, 8), dept("b", 10, 5), dept("c", 10, 0)],
                rows: vec![
                    ("a", Some(10), None),
                    ("b", Some(10), Some(5)),
                    ("c", Some(10), None),
                ],
                small: 0,
            },
        ];
        for case in cases {
            let result = departments(&case.input);
            let expected: Vec<(String, Option<u32>, Option<u32>)> = case
                .rows
                .iter()
                .map(|(n, m, e)| ((*n).to_owned(), *m, *e))
                .collect();
            assert_eq!(shown(&result), expected, "{}", case.name);
            assert_eq!(result.small_departments, case.small, "{}", case.name);
        }
    }

    /// Whatever the departments, the hidden figures of each column can only be worked out
    /// together, and together they describe nobody or at least 5 people.
    #[test]
    fn hidden_figures_never_describe_a_small_group() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |below: u32| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            u32::try_from(seed % u64::from(below)).unwrap()
        };
        for _ in 0..2_000 {
            let input: Vec<DepartmentCounts> = (0..1 + next(6))
                .map(|i| {
                    let members = 1 + next(25);
                    dept(&format!("d{i}"), members, next(members + 1))
                })
                .collect();
            let result = departments(&input);
            let listed: Vec<&DepartmentCounts> =
                input.iter().filter(|d| d.members >= MIN_GROUP).collect();
            assert_eq!(listed.len(), result.rows.len());
            let small: Vec<&DepartmentCounts> =
                input.iter().filter(|d| d.members < MIN_GROUP).collect();
            let hidden_members: u32 = small.iter().map(|d| d.members).sum::<u32>()
                + listed
                    .iter()
                    .zip(&result.rows)
                    .filter(|(_, r)| r.members.is_none())
                    .map(|(d, _)| d.members)
                    .sum::<u32>();
            let hidden_cells =
                small.len().min(1) + result.rows.iter().filter(|r| r.members.is_none()).count();
            if hidden_cells > 0 && listed.len() + small.len().min(1) >= 2 {
                assert!(hidden_cells >= 2 && safe(hidden_members), "{input:?}");
            }
            for (d, r) in listed.iter().zip(&result.rows) {
                if let Some(engaged) = r.engaged {
                    assert!(safe(engaged) && safe(d.members - engaged), "{input:?}");
                }
            }
        }
    }
}
