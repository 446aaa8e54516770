import type { Timing } from "~/models/figures/compute";

const hours = (value: number | null) => (value === null ? "[c]" : `${value.toLocaleString("en-GB")} h`);
const count = (value: number | null) => (value === null ? "[c]" : String(value));

/** Median and 90th percentile of the hours from report to each stage, by month of the report. */
export function TimingTable({ timings }: { timings: Timing[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="table text-sm">
        <caption className="text-left font-semibold">
          Hours from the report to the supervising officer&apos;s acknowledgement, and to the last step of the referral chain, by month of report (a median or
          percentile of fewer than 5 cases is hidden)
        </caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Cases reaching the supervising officer</th>
            <th scope="col">Median</th>
            <th scope="col">90th percentile</th>
            <th scope="col">Cases fully referred</th>
            <th scope="col">Median</th>
            <th scope="col">90th percentile</th>
          </tr>
        </thead>
        <tbody>
          {timings.map((timing) => (
            <tr key={timing.month}>
              <th scope="row">{timing.month}</th>
              <td>{count(timing.supervisor.count)}</td>
              <td>{hours(timing.supervisor.median)}</td>
              <td>{hours(timing.supervisor.p90)}</td>
              <td>{count(timing.fullReferral.count)}</td>
              <td>{hours(timing.fullReferral.median)}</td>
              <td>{hours(timing.fullReferral.p90)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
