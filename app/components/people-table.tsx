export interface PeopleTableRow {
  id: string;
  name: string;
  email: string;
  rankOrGrade: string;
  unit: string;
  roles: string;
  active: boolean;
}

/** The administration list of people (also rendered, unguarded, by the benchmark's baseline page). */
export function PeopleTable({ people, caption }: { people: PeopleTableRow[]; caption: string }) {
  return (
    <table className="table mb-6">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Work email</th>
          <th scope="col">Rank or grade</th>
          <th scope="col">Unit</th>
          <th scope="col">Roles</th>
        </tr>
      </thead>
      <tbody>
        {people.map((person) => (
          <tr key={person.id}>
            <td>
              {/* A plain link: fifty router links cost more to render than the rest of the table. */}
              <a href={`/admin/people/${person.id}`}>{person.name}</a>
              {person.active ? null : <span className="block text-sm text-gray-700">Deactivated</span>}
            </td>
            <td className="break-all">{person.email}</td>
            <td>{person.rankOrGrade}</td>
            <td>{person.unit}</td>
            <td>{person.roles}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
