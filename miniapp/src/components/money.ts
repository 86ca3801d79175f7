/** An amount in đồng as Vietnamese write it: "1.250.000 đ". */
export const vnd = (n: number) => `${n.toLocaleString("vi-VN")} đ`;
